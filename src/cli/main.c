/* SPDX-License-Identifier: MIT */
#include "cli/cli.h"
#include "util/log.h"
#include "util/settings.h"

#include <curl/curl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Each command's name and summary are in util/settings_table.c. */
static const struct {
	enum hd_cmd cmd;
	int (*fn)(int, char **);
} commands[] = {
    {HD_CMD_INIT, cmd_init},
    {HD_CMD_SERVE, cmd_serve},
    {HD_CMD_DEMO, cmd_demo},
    {HD_CMD_CHECK, cmd_check},
    {HD_CMD_MIGRATE_DB, cmd_migrate_db},
};

static void
usage(FILE *f)
{
	size_t i;

	fputs("usage: hausdesk COMMAND [OPTIONS]\n\n"
	      "hausdesk - the request desk for property management "
	      "companies.\n\ncommands:\n",
	    f);
	for (i = 0; i < hd_command_count; i++)
		fprintf(f, "  %-10s %s\n", hd_command_table[i].name,
		    hd_command_table[i].summary);
	fputs("\nRun 'hausdesk COMMAND --help' for the options of a command.\n"
	      "  --help        show this help\n  --version     show the "
	      "version\n",
	    f);
}

int
main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("hausdesk %s\n", HD_VERSION);
		return 0;
	}
	if (sodium_init() < 0)
		hd_fatal("libsodium could not be initialised");
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
		hd_fatal("libcurl could not be initialised");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1],
			hd_command_doc_find(commands[i].cmd)->name) == 0)
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "hausdesk: unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return 2;
}
