/* tts.c - spoken announcements for the display board, generated on the
 * server with the espeak-ng library (Mandarin voice "cmn") so that any board
 * plays them without a speech engine of its own.
 *
 * espeak-ng keeps global state and is not thread-safe: one mutex serialises
 * synthesis. The library is initialised on first use (synchronous output,
 * samples collected by a callback) and the result is wrapped in a RIFF/WAVE
 * header (16-bit PCM mono). WAVs are cached in memory by text (at most
 * TTS_CACHE entries, the oldest dropped first), so a recall or the same call
 * on several boards is synthesised once. */
#include <espeak-ng/speak_lib.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/mem.h"

#define TTS_CACHE     128
#define TTS_MAX_BYTES (4u << 20) /* a call is ~3 s; refuse anything absurd */
#define TTS_TEXT_MAX  256

typedef struct tts_entry {
	char text[TTS_TEXT_MAX];
	uint8_t *wav;
	size_t len;
} tts_entry;

static pthread_mutex_t tts_mu = PTHREAD_MUTEX_INITIALIZER;
static int tts_rate; /* 0 = not initialised, -1 = unavailable */
static tts_entry cache[TTS_CACHE];
static size_t cache_next;

/* Samples of the synthesis in progress (under tts_mu). */
static int16_t *pcm;
static size_t pcm_n, pcm_cap;
static bool pcm_overflow;

static int on_samples(short *wav, int n, espeak_EVENT *events)
{
	(void)events;
	if (!wav || n <= 0)
		return 0;
	if ((pcm_n + (size_t)n) * 2 > TTS_MAX_BYTES) {
		pcm_overflow = true;
		return 1; /* stop */
	}
	if (pcm_n + (size_t)n > pcm_cap) {
		pcm_cap = (pcm_n + (size_t)n) * 2;
		pcm = os_realloc(pcm, pcm_cap * sizeof *pcm);
	}
	memcpy(pcm + pcm_n, wav, (size_t)n * sizeof *pcm);
	pcm_n += (size_t)n;
	return 0;
}

static void put_le(uint8_t *p, uint32_t v, int bytes)
{
	for (int i = 0; i < bytes; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static bool tts_init(void)
{
	if (tts_rate)
		return tts_rate > 0;
	int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, NULL, 0);
	if (rate <= 0 ||
	    (espeak_SetVoiceByName("cmn") != EE_OK && espeak_SetVoiceByName("zh") != EE_OK)) {
		tts_rate = -1;
		return false;
	}
	espeak_SetSynthCallback(on_samples);
	espeak_SetParameter(espeakRATE, 150, 0);
	tts_rate = rate;
	return true;
}

/* Synthesise text into a new WAV (caller frees); NULL on failure. */
static uint8_t *synthesise(const char *text, size_t *len)
{
	pcm_n = 0;
	pcm_overflow = false;
	if (espeak_Synth(text, strlen(text) + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, NULL,
	                 NULL) != EE_OK ||
	    pcm_overflow || pcm_n == 0)
		return NULL;
	size_t data = pcm_n * 2;
	uint8_t *w = os_malloc(44 + data);
	memcpy(w, "RIFF", 4);
	put_le(w + 4, (uint32_t)(36 + data), 4);
	memcpy(w + 8, "WAVEfmt ", 8);
	put_le(w + 16, 16, 4);
	put_le(w + 20, 1, 2); /* PCM */
	put_le(w + 22, 1, 2); /* mono */
	put_le(w + 24, (uint32_t)tts_rate, 4);
	put_le(w + 28, (uint32_t)tts_rate * 2, 4);
	put_le(w + 32, 2, 2);
	put_le(w + 34, 16, 2);
	memcpy(w + 36, "data", 4);
	put_le(w + 40, (uint32_t)data, 4);
	for (size_t i = 0; i < pcm_n; i++)
		put_le(w + 44 + 2 * i, (uint16_t)pcm[i], 2);
	*len = 44 + data;
	return w;
}

os_err tts_wav(const char *text, buf *out)
{
	if (strlen(text) >= TTS_TEXT_MAX)
		return OS_ERR_TOO_LARGE;
	pthread_mutex_lock(&tts_mu);
	os_err e = OS_OK;
	tts_entry *hit = NULL;
	for (size_t i = 0; i < TTS_CACHE; i++)
		if (cache[i].wav && !strcmp(cache[i].text, text)) {
			hit = &cache[i];
			break;
		}
	if (!hit) {
		size_t len = 0;
		uint8_t *wav = tts_init() ? synthesise(text, &len) : NULL;
		if (!wav) {
			e = OS_ERR_UNSUPPORTED;
			goto out;
		}
		hit = &cache[cache_next];
		cache_next = (cache_next + 1) % TTS_CACHE;
		free(hit->wav);
		memcpy(hit->text, text, strlen(text) + 1);
		hit->wav = wav;
		hit->len = len;
	}
	buf_reset(out);
	e = buf_add(out, hit->wav, hit->len);
out:
	pthread_mutex_unlock(&tts_mu);
	return e;
}
