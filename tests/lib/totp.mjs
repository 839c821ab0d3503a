// totp.mjs - the second factor for the tests, written from RFC 6238 / RFC
// 4226 with node:crypto's HMAC-SHA1 (independently of src/core/totp.c), and
// loginFull(): sign in and complete whatever second factor is due, enrolling
// an authenticator the first time an administrator signs in.
//
// The secrets a test enrols are remembered per server and login, and so is
// the last time step used: a code works once, so a second sign-in within the
// same 30 seconds uses the next step's code (accepted: ±1 step), and a third
// waits for the next step.
import { createHmac } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 (upper or lower case, padding optional) to bytes. */
export function base32Decode(text) {
  const s = text.replace(/=+$/, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of s) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) throw new Error(`not base32: ${ch}`);
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** The HOTP value of a counter (RFC 4226 section 5.3), as `digits` digits. */
export function hotp(key, counter, digits = 6) {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(msg).digest();
  const off = mac[19] & 0x0f;
  const bin = mac.readUInt32BE(off) & 0x7fffffff;
  return String(bin % 10 ** digits).padStart(digits, '0');
}

/** The 6-digit code of a base32 secret at a time step (default: now). */
export function totp(secret, step = currentStep()) {
  return hotp(base32Decode(secret), step, 6);
}

export function currentStep(ms = Date.now()) {
  return Math.floor(ms / 1000 / 30);
}

/** The secret in an otpauth:// URI. */
export function secretOf(uri) {
  return new URL(uri).searchParams.get('secret');
}

const secrets = new Map(); // `${url} ${login}` -> base32 secret
const lastStep = new Map(); // `${url} ${login}` -> last step used

export function rememberSecret(url, login, secret) {
  secrets.set(`${url} ${login}`, secret);
}
export function knownSecret(url, login) {
  return secrets.get(`${url} ${login}`);
}

/** A code for a step not used yet by this account (waiting for the next
 * step when the window is used up); records it as used. */
export async function freshCode(url, login, secret) {
  const key = `${url} ${login}`;
  for (;;) {
    const now = currentStep();
    const last = lastStep.get(key) ?? -1;
    for (const s of [now, now + 1]) {
      if (s > last) {
        lastStep.set(key, s);
        return totp(secret, s);
      }
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** Record that a code of this step was used (by a test doing it by hand). */
export function usedStep(url, login, step) {
  const key = `${url} ${login}`;
  lastStep.set(key, Math.max(step, lastStep.get(key) ?? -1));
}

async function post(url, path, cookie, body) {
  const headers = { 'Content-Type': 'application/json' };
  if (cookie) headers.Cookie = cookie;
  return fetch(url + path, { method: 'POST', headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

/** Sign in with the password and complete the second factor when one is
 * due; returns the Cookie header of a fully signed-in session. */
export async function loginFull(url, login, password) {
  const res = await post(url, '/api/v1/session', null, { login, password });
  if (res.status !== 200) throw new Error(`login ${login} failed: ${res.status}`);
  const cookie = res.headers.get('set-cookie').split(';')[0];
  const body = await res.json();
  if (!body.mfa_required) return cookie;
  let secret = knownSecret(url, login);
  if (body.enrol) {
    const e = await post(url, '/api/v1/account/totp/enrol', cookie);
    if (e.status !== 200) throw new Error(`enrol ${login}: ${e.status} ${await e.text()}`);
    secret = (await e.json()).secret;
    rememberSecret(url, login, secret);
    const c = await post(url, '/api/v1/account/totp/confirm', cookie, { code: await freshCode(url, login, secret) });
    if (c.status !== 200) throw new Error(`confirm ${login}: ${c.status} ${await c.text()}`);
    return cookie;
  }
  if (!secret) throw new Error(`${login} has an authenticator this test does not know`);
  const v = await post(url, '/api/v1/session/totp', cookie, { code: await freshCode(url, login, secret) });
  if (v.status !== 200) throw new Error(`second factor of ${login}: ${v.status} ${await v.text()}`);
  return cookie;
}
