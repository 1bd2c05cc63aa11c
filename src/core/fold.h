/* SPDX-License-Identifier: MIT */
#ifndef HD_CORE_FOLD_H
#define HD_CORE_FOLD_H

/*
 * Search folding and the search query, as docs/search.md defines them.
 * Pure functions, no I/O (moved here from bench/search-spike/ as they
 * were; docs/search.md, "Folding", says why each rule).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Folds UTF-8 text s (length n) for the search index and for queries:
 * lower case; ä ö ü → a o u; ß ẞ → ss; other Latin letters with marks to
 * their base letter (é → e, ı → i, ł → l, ø → o, æ → a, œ → o ...);
 * combining marks U+0300–U+036F dropped; the spaces, punctuation and
 * signs of U+00A0–U+00BF, × ÷, U+2000–U+206F and U+20A0–U+20CF (€) become
 * spaces; then one "e" directly after an
 * output "a", "o" or "u" is dropped, so that "Müller", "Mueller" and
 * "muller" all give "muller". Other characters pass through unchanged
 * (the unicode61 tokenizer lower-cases them). Invalid UTF-8 bytes become
 * spaces. Writes at most cap - 1 bytes and a NUL to out; returns the
 * length written, or the length needed when it did not fit (like
 * snprintf). Left to right with one character of memory, so the fold of
 * a prefix is a prefix of the fold.
 */
size_t fold_text(const char *s, size_t n, char *out, size_t cap);

/* The number column of V-2024-07706: "2024 07706 7706 706 06"
 * (the year, the sequence and its suffixes of two digits or more, so
 * that a prefix query finds any part of it). Same return as fold_text. */
size_t fold_number(const char *number, char *out, size_t cap);

/* A phone number's tokens: its digits alone ("+49 151 2345" → "01512345")
 * and their suffixes of four digits or more. Same return as fold_text. */
size_t fold_phone(const char *phone, char *out, size_t cap);

/* An e-mail address as one token: folded, only its letters and digits
 * ("f.mueller.3@eigentuemer.example" → "fmuller3eigentumerexample"), so
 * that an address typed whole or from its start is one prefix term. Same
 * return as fold_text. */
size_t fold_email(const char *email, char *out, size_t cap);

/* Who may see what, for the query (product.md, "Who may see what"). */
struct fold_viewer {
	int kind; /* 0 admin, 1 employee, 2 contact */
	int64_t org_id, user_id;
	const int64_t *property_ids; /* employee: staff properties */
	int n_properties;
	bool org_token; /* admin: restrict by "o<org>" in the index too */
};

/*
 * How a word of four or more characters with a letter in it is matched
 * as a prefix: expand writes the indexed words that begin with w[0..n)
 * (from the vocabulary table search_words) as "\"w1\" OR \"w2\"" into
 * out and returns how many; 0 when none does; -1 when there are too many
 * (more than the caller's limit), and the FTS5 prefix operator is used.
 * NULL: always the prefix operator.
 */
struct fold_expand {
	int (*fn)(void *arg, const char *w, size_t n, char *out, size_t cap);
	void *arg;
	size_t min_len; /* 0: 4 (three-letter words through the prefix
			 * index); 3 for a table without one */
};

/*
 * The FTS5 MATCH expression for the search q as viewer v sees it, into
 * out: each word of q, folded, must occur — a word of one or two
 * characters, or of at most four digits, whole; longer words as prefixes
 * (of three letters through the prefix index, of four characters or more
 * with a letter through x); a number like "V-2025-4711" or "2024-07706"
 * is its year and any part of its sequence; a word with "@" is an e-mail
 * address (fold_email) as a prefix; a query of only digits, spaces and
 * + - / ( ) that begins with 0 or + and holds six digits or more is a
 * phone number (fold_phone's digits) as a prefix; the scope column restricts
 * to what v may see. Returns false when q holds no word to search for
 * (or out is too small).
 */
bool fold_query(const char *q, const struct fold_viewer *v,
    const struct fold_expand *x, char *out, size_t cap);

#endif
