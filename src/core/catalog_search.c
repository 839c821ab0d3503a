/* catalog_search.c - the search plan: query words, filter tags and the
 * name index's characters and pairs (see "search" in catalog.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/catalog.h"

static void problem(cat_problem *p, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void problem(cat_problem *p, const char *field, const char *fmt, ...)
{
	if (!p)
		return;
	snprintf(p->field, sizeof p->field, "%s", field);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->reason, sizeof p->reason, fmt, ap);
	va_end(ap);
}

/* ---- search ---- */

/* Characters that the unicode61 tokenizer treats as parts of words, as far
 * as names use them: ASCII letters and digits, and every non-ASCII character
 * outside the punctuation and symbol blocks below. */
static bool word_cp(long cp)
{
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
		       (cp >= 'A' && cp <= 'Z');
	if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7)
		return false;
	if (cp >= 0x2000 && cp <= 0x2BFF) /* general punctuation, symbols, arrows, shapes */
		return false;
	if (cp >= 0x3000 && cp <= 0x303F) /* CJK symbols and punctuation */
		return false;
	if (cp >= 0xFE10 && cp <= 0xFE6F) /* vertical and small forms, CJK compatibility */
		return false;
	if (cp >= 0xFF00 && cp <= 0xFF0F) /* full-width punctuation */
		return false;
	if ((cp >= 0xFF1A && cp <= 0xFF20) || (cp >= 0xFF3B && cp <= 0xFF40) ||
	    (cp >= 0xFF5B && cp <= 0xFF65))
		return false;
	if (cp == 0xFEFF || (cp >= 0xFFF0 && cp <= 0xFFFF))
		return false;
	return true;
}

/* Split s into runs of word characters; calls fn(run, bytes, chars, ctx). */
static void each_run(const char *s, void (*fn)(const char *, size_t, size_t, void *), void *ctx)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), start = 0, chars = 0;
	bool in = false;
	for (size_t i = 0; i <= n;) {
		size_t k = 1;
		long cp = i < n ? cat_utf8_next(p + i, n - i, &k) : -2;
		bool w = cp >= 0 && word_cp(cp);
		if (w && !in) {
			in = true;
			start = i;
			chars = 0;
		}
		if (!w && in) {
			fn(s + start, i - start, chars, ctx);
			in = false;
		}
		if (w)
			chars++;
		if (i == n)
			break;
		i += cp < 0 ? 1 : k;
	}
}

typedef struct out_buf {
	char *p;
	size_t cap, len;
	bool full;
} out_buf;

static void out_add(out_buf *o, const char *s, size_t n)
{
	if (o->full || o->len + n + 1 > o->cap) {
		o->full = true;
		return;
	}
	memcpy(o->p + o->len, s, n);
	o->len += n;
	o->p[o->len] = '\0';
}

static void out_str(out_buf *o, const char *s)
{
	out_add(o, s, strlen(s));
}

/* The single characters of a run, then its character pairs: consecutive
 * pairs are consecutive tokens, so a longer word is the phrase of its pairs
 * ("营业执照" = "营业 业执 执照"). */
static void gram_run(const char *s, size_t bytes, size_t chars, void *ctx)
{
	out_buf *o = ctx;
	(void)chars;
	const unsigned char *p = (const unsigned char *)s;
	for (int pass = 0; pass < 2; pass++) {
		size_t prev = 0, prev_len = 0;
		for (size_t i = 0; i < bytes;) {
			size_t k;
			if (cat_utf8_next(p + i, bytes - i, &k) < 0)
				k = 1;
			if (pass == 0 || prev_len) {
				if (o->len)
					out_add(o, " ", 1);
				if (pass == 0)
					out_add(o, s + i, k);
				else
					out_add(o, s + prev, prev_len + k);
			}
			prev = i;
			prev_len = k;
			i += k;
		}
	}
}

/* A word as the phrase of its character pairs ("营业 业执 执照"), or the
 * word itself when it has fewer than 3 characters. */
static void gram_phrase(out_buf *o, const char *w)
{
	const unsigned char *p = (const unsigned char *)w;
	size_t n = strlen(w), prev = 0, prev_len = 0;
	bool first = true;
	for (size_t i = 0; i < n;) {
		size_t k;
		if (cat_utf8_next(p + i, n - i, &k) < 0)
			k = 1;
		if (prev_len) {
			if (!first)
				out_add(o, " ", 1);
			out_add(o, w + prev, prev_len + k);
			first = false;
		}
		prev = i;
		prev_len = k;
		i += k;
	}
	if (first)
		out_str(o, w);
}

void cat_name_grams(const char *name, char *out, size_t cap)
{
	out_buf o = {out, cap, 0, false};
	if (cap)
		out[0] = '\0';
	each_run(name, gram_run, &o);
}

void cat_item_material_text(const cat_item *it, char *out, size_t cap)
{
	out_buf o = {out, cap, 0, false};
	if (cap)
		out[0] = '\0';
	for (size_t i = 0; i < it->n_materials; i++) {
		if (i)
			out_str(&o, " ");
		out_str(&o, it->materials[i].name);
	}
}

static const char b36[] = "0123456789abcdefghijklmnopqrstuvwxyz";

/* Tags: "all", d + department id in base 36 (2 digits, ids below 1296),
 * t0N type, p0N depth, c0N channel bit N+1, r0N accepting tier, e + life
 * event index in base 36. Each is 3 characters; tags are separated by
 * spaces, so a 3-character window of the tag text that contains no space
 * is exactly one tag. */
static void tag_add(out_buf *o, char a, char b, char c)
{
	char t[3] = {a, b, c};
	if (o->len)
		out_add(o, " ", 1);
	out_add(o, t, 3);
}

void cat_item_tags(const cat_item *it, char *out, size_t cap)
{
	out_buf o = {out, cap, 0, false};
	if (cap)
		out[0] = '\0';
	out_str(&o, "all");
	if (it->department_id > 0 && it->department_id < 36 * 36)
		tag_add(&o, 'd', b36[it->department_id / 36], b36[it->department_id % 36]);
	if (it->type >= 1 && it->type <= 9)
		tag_add(&o, 't', '0', (char)('0' + it->type));
	if (it->depth >= 1 && it->depth <= 4)
		tag_add(&o, 'p', '0', (char)('0' + it->depth));
	for (int i = 0; i < CAT_CHANNEL_COUNT; i++)
		if (it->channels & (1u << i))
			tag_add(&o, 'c', '0', (char)('1' + i));
	for (int t = TIER_DISTRICT; t <= TIER_VILLAGE; t++)
		if (it->accept_tiers & CAT_TIER_BIT(t))
			tag_add(&o, 'r', '0', (char)('0' + t));
	for (int i = 0; i < 32; i++)
		if (it->life_events & (1u << i))
			tag_add(&o, 'e', b36[i / 36], b36[i % 36]);
}

typedef struct terms {
	char t[CAT_QUERY_MAX_TERMS][CAT_QUERY_MAX];
	size_t chars[CAT_QUERY_MAX_TERMS];
	size_t n;
	bool overflow;
} terms;

static void term_run(const char *s, size_t bytes, size_t chars, void *ctx)
{
	terms *t = ctx;
	if (t->n == CAT_QUERY_MAX_TERMS || bytes + 1 > sizeof t->t[0]) {
		t->overflow = true;
		return;
	}
	memcpy(t->t[t->n], s, bytes);
	t->t[t->n][bytes] = '\0';
	t->chars[t->n] = chars;
	t->n++;
}

/* Filter tags as FTS5 phrases: {tags}: "d0a" AND ...; "all" (every item
 * has it) only when there is nothing else to match. */
static void filter_expr(out_buf *o, const cat_filter *f, bool alone)
{
	char t[4] = {0};
	bool first = true;
#define TAG(a, b, c)                                                                               \
	do {                                                                                       \
		t[0] = (a);                                                                        \
		t[1] = (b);                                                                        \
		t[2] = (c);                                                                        \
		out_str(o, first ? "{tags}: \"" : " AND {tags}: \"");                              \
		out_str(o, t);                                                                     \
		out_str(o, "\"");                                                                  \
		first = false;                                                                     \
	} while (0)
	if (f->department_id)
		TAG('d', b36[f->department_id / 36], b36[f->department_id % 36]);
	if (f->type)
		TAG('t', '0', (char)('0' + f->type));
	if (f->depth)
		TAG('p', '0', (char)('0' + f->depth));
	for (int i = 0; i < CAT_CHANNEL_COUNT; i++)
		if (f->channel == 1u << i)
			TAG('c', '0', (char)('1' + i));
	if (f->tier)
		TAG('r', '0', (char)('0' + f->tier));
	if (f->life_event >= 0)
		TAG('e', b36[f->life_event / 36], b36[f->life_event % 36]);
	if (first && alone)
		TAG('a', 'l', 'l');
#undef TAG
}

os_err cat_search_plan_build(const char *q, const cat_filter *f, cat_search_plan *out,
                             cat_problem *p)
{
	memset(out, 0, sizeof *out);
	size_t n_ev;
	cat_life_events(&n_ev);
	if (f->department_id < 0 || f->department_id >= 36 * 36) {
		problem(p, "department_id", "no such department");
		return OS_ERR_INVALID;
	}
	if ((f->tier && (f->tier < TIER_DISTRICT || f->tier > TIER_VILLAGE)) || f->depth < 0 ||
	    f->depth > 4 || f->type < 0 || f->type > CAT_PUBLIC_SERVICE || f->life_event < -1 ||
	    f->life_event >= (int)n_ev) {
		problem(p, "filter", "out of range");
		return OS_ERR_INVALID;
	}
	if (f->channel && !cat_channel_key(f->channel)[0]) {
		problem(p, "channel", "unknown channel");
		return OS_ERR_INVALID;
	}
	q = q ? q : "";
	if (!cat_text_ok(q, 256, false)) {
		problem(p, "q", "not valid UTF-8 text (256 bytes at most)");
		return OS_ERR_INVALID;
	}
	terms t = {0};
	each_run(q, term_run, &t);
	if (t.overflow) {
		problem(p, "q", "at most %d words", CAT_QUERY_MAX_TERMS);
		return OS_ERR_INVALID;
	}
	size_t n_long = 0, n_short = 0;
	for (size_t i = 0; i < t.n; i++) {
		if (t.chars[i] >= 3)
			n_long++;
		else
			n_short++;
	}
	char tags[160];
	out_buf tb = {tags, sizeof tags, 0, false};
	tags[0] = '\0';
	filter_expr(&tb, f, t.n == 0);

	out_buf m = {out->main, sizeof out->main, 0, false};
	out_buf k = {out->kw, sizeof out->kw, 0, false};
	out_buf a = {out->all, sizeof out->all, 0, false};
	out_buf g = {out->grams, sizeof out->grams, 0, false};
	bool mixed = n_short > 0;
	if (mixed) {
		/* Any word of 1-2 characters: the name and keyword index answers
		 * the whole query, longer words as phrases of their character
		 * pairs; materials are not searched then. */
		size_t j = 0;
		for (size_t i = 0; i < t.n; i++) {
			/* terms hold word characters only: no quotes to escape */
			out_str(&g, j++ ? " AND {grams}: \"" : "{grams}: \"");
			gram_phrase(&g, t.t[i]);
			out_str(&g, "\"");
		}
		if (tags[0]) {
			out_str(&g, " AND ");
			out_str(&g, tags);
		}
		out->short_only = true;
	} else if (n_long) {
		/* Words of 3 or more characters: the name; the name or keywords
		 * but not the name; anywhere but not in name or keywords. */
		out_buf u = {out->any, sizeof out->any, 0, false};
		for (size_t i = 0; i < t.n; i++) {
			out_str(&u, i ? " AND {namekw materials}: \"" : "{namekw materials}: \"");
			out_str(&u, t.t[i]);
			out_str(&u, "\"");
		}
		if (tags[0]) {
			out_str(&u, " AND ");
			out_str(&u, tags);
		}
		if (u.full) {
			problem(p, "q", "too long");
			return OS_ERR_INVALID;
		}
		for (int tier = 0; tier < 3; tier++) {
			out_buf *o = tier == 0 ? &m : tier == 1 ? &k : &a;
			const char *in = tier == 0   ? "{name}: \""
			                 : tier == 1 ? "{name keywords}: \""
			                             : "{namekw materials}: \"";
			const char *notin = tier == 1 ? "{name}: \"" : "{namekw}: \"";
			if (tier)
				out_str(o, "((");
			for (size_t i = 0; i < t.n; i++) {
				out_str(o, i ? " AND " : "");
				out_str(o, in);
				out_str(o, t.t[i]);
				out_str(o, "\"");
			}
			if (tier) {
				out_str(o, ") NOT (");
				for (size_t i = 0; i < t.n; i++) {
					out_str(o, i ? " AND " : "");
					out_str(o, notin);
					out_str(o, t.t[i]);
					out_str(o, "\"");
				}
				out_str(o, "))");
			}
			if (tags[0]) {
				out_str(o, " AND ");
				out_str(o, tags);
			}
		}
	} else {
		out_str(&m, tags); /* no words: the filters, or every item */
		out->everything = !strcmp(tags, "{tags}: \"all\"");
	}
	if (m.full || k.full || a.full || g.full) {
		problem(p, "q", "too long");
		return OS_ERR_INVALID;
	}
	return OS_OK;
}
