/* SPDX-License-Identifier: MIT */
/* Verifiable Message-IDs (src/mail/msgid.c): what hausdesk signs it
 * recognises; anything forged, altered or signed elsewhere it refuses. */
#include "mail/msgid.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* cmocka.h needs setjmp.h, stdarg.h and stddef.h first. */
#include <cmocka.h>

static const unsigned char secret[] = "0123456789abcdef0123456789abcdef";
static const unsigned char other[] = "fedcba9876543210fedcba9876543210";
#define SLEN (sizeof(secret) - 1)

static void
a_made_id_verifies_and_names_its_vorgang(void **state)
{
	char id[MAIL_MSGID_MAX];
	int64_t pid = -1;

	(void)state;
	assert_int_equal(
	    mail_msgid_make(secret, SLEN, 42, 7, id, sizeof(id)), HD_OK);
	assert_int_equal(strncmp(id, "<v42.7.", 7), 0);
	assert_non_null(strstr(id, "@hausdesk>"));
	assert_int_equal(mail_msgid_verify(secret, SLEN, id, &pid), HD_OK);
	assert_int_equal(pid, 42);
	/* without the brackets, as a parser hands it over */
	pid = -1;
	id[strlen(id) - 1] = '\0';
	assert_int_equal(mail_msgid_verify(secret, SLEN, id + 1, &pid), HD_OK);
	assert_int_equal(pid, 42);
}

static void
largest_ids_fit_the_buffer(void **state)
{
	char id[MAIL_MSGID_MAX];
	int64_t pid = 0;

	(void)state;
	assert_int_equal(mail_msgid_make(secret, SLEN, INT64_MAX, UINT64_MAX,
			     id, sizeof(id)),
	    HD_OK);
	assert_int_equal(mail_msgid_verify(secret, SLEN, id, &pid), HD_OK);
	assert_int_equal(pid, INT64_MAX);
	assert_int_equal(
	    mail_msgid_make(secret, SLEN, 1, 1, id, 20), HD_ETOOBIG);
	assert_string_equal(id, "");
}

static void
a_forged_vorgang_number_is_refused(void **state)
{
	char id[MAIL_MSGID_MAX], forged[MAIL_MSGID_MAX + 8];
	int64_t pid = -1;

	(void)state;
	assert_int_equal(
	    mail_msgid_make(secret, SLEN, 42, 7, id, sizeof(id)), HD_OK);
	/* the same MAC on another Vorgang */
	snprintf(forged, sizeof(forged), "<v43%s", id + 4);
	assert_int_equal(
	    mail_msgid_verify(secret, SLEN, forged, &pid), HD_EINVAL);
	/* another unique number */
	snprintf(forged, sizeof(forged), "<v42.8%s", id + 6);
	assert_int_equal(
	    mail_msgid_verify(secret, SLEN, forged, &pid), HD_EINVAL);
	/* a leading zero does not make another signed text */
	snprintf(forged, sizeof(forged), "<v042%s", id + 4);
	assert_int_equal(
	    mail_msgid_verify(secret, SLEN, forged, &pid), HD_EINVAL);
	assert_int_equal(pid, -1);
}

static void
every_flipped_mac_digit_is_refused(void **state)
{
	char id[MAIL_MSGID_MAX];
	char *mac;
	size_t i;

	(void)state;
	assert_int_equal(
	    mail_msgid_make(secret, SLEN, 5, 99, id, sizeof(id)), HD_OK);
	mac = strrchr(id, '.') + 1;
	for (i = 0; i < 2 * MAIL_MSGID_MAC_BYTES; i++) {
		char was = mac[i];

		mac[i] = was == '0' ? '1' : '0';
		assert_int_equal(
		    mail_msgid_verify(secret, SLEN, id, NULL), HD_EINVAL);
		mac[i] = was;
	}
	/* upper-case hex is not what we write */
	for (i = 0; i < 2 * MAIL_MSGID_MAC_BYTES; i++)
		if (mac[i] >= 'a' && mac[i] <= 'f') {
			mac[i] = (char)(mac[i] - 'a' + 'A');
			break;
		}
	if (i < 2 * MAIL_MSGID_MAC_BYTES)
		assert_int_equal(
		    mail_msgid_verify(secret, SLEN, id, NULL), HD_EINVAL);
}

static void
an_id_signed_under_another_secret_is_refused(void **state)
{
	char id[MAIL_MSGID_MAX];

	(void)state;
	assert_int_equal(
	    mail_msgid_make(other, SLEN, 42, 7, id, sizeof(id)), HD_OK);
	assert_int_equal(mail_msgid_verify(secret, SLEN, id, NULL), HD_EINVAL);
	assert_int_equal(mail_msgid_verify(other, SLEN, id, NULL), HD_OK);
}

static void
foreign_and_malformed_ids_are_refused(void **state)
{
	static const char *const bad[] = {
	    "",
	    "<>",
	    "<abc123@mail.example.org>",
	    "<v42.7@hausdesk>",
	    "<v42.7.@hausdesk>",
	    "<v.7.00000000000000000000000000000000@hausdesk>",
	    "<v-1.7.00000000000000000000000000000000@hausdesk>",
	    "<v42.7.0000000000000000000000000000000@hausdesk>",
	    "<v42.7.000000000000000000000000000000000@hausdesk>",
	    "<v99999999999999999999.7.00000000000000000000000000000000@h>",
	    "<v42.7.00000000000000000000000000000000@>",
	    "<v42.7.00000000000000000000000000000000>",
	    "<v42.7.00000000000000000000000000000000@hausdesk",
	    "v42.7.00000000000000000000000000000000@hausdesk>",
	    "<v42.7.00000000000000000000000000000000@haus desk>",
	};
	char id[MAIL_MSGID_MAX];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(
		    mail_msgid_verify(secret, SLEN, bad[i], NULL), HD_EINVAL);
	assert_int_equal(
	    mail_msgid_verify(secret, SLEN, NULL, NULL), HD_EINVAL);
	/* a short secret signs nothing and verifies nothing */
	assert_int_equal(
	    mail_msgid_make(secret, 8, 1, 1, id, sizeof(id)), HD_EINVAL);
	assert_int_equal(
	    mail_msgid_make(secret, SLEN, -1, 1, id, sizeof(id)), HD_EINVAL);
	assert_int_equal(
	    mail_msgid_make(secret, SLEN, 1, 1, id, sizeof(id)), HD_OK);
	assert_int_equal(mail_msgid_verify(secret, 8, id, NULL), HD_EINVAL);
	/* trailing junk after a valid id */
	id[strlen(id) - 1] = 'x';
	assert_int_equal(mail_msgid_verify(secret, SLEN, id, NULL), HD_EINVAL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(a_made_id_verifies_and_names_its_vorgang),
	    cmocka_unit_test(largest_ids_fit_the_buffer),
	    cmocka_unit_test(a_forged_vorgang_number_is_refused),
	    cmocka_unit_test(every_flipped_mac_digit_is_refused),
	    cmocka_unit_test(an_id_signed_under_another_secret_is_refused),
	    cmocka_unit_test(foreign_and_malformed_ids_are_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
