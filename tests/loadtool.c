/*
 * loadtool - drive the JSON and YAML loaders end to end, for the hostile
 * input suite and the benchmark (no karpgen command reads JSON or YAML yet).
 *
 *   loadtool [-m] [-o none|json|yaml] [-n N] json|yaml|bare FILE
 *
 * json, yaml: load FILE (N times, each with a fresh arena), print the
 * diagnostics as karpgen does (text, on stderr), then the value(s) in the
 * -o format on stdout (default none).  Exit 0, 1 (errors) or 2 (KG100,
 * KG102), as karpgen does.  -m: print the peak RSS in KiB on stderr.
 * bare: libyaml's event parse of FILE and nothing else, the baseline the
 * benchmark compares yaml with (so this test tool, not src/, uses yaml.h).
 */
#include "karpgen.h"

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include <yaml.h>

static int
bare(const char *path, int repeat)
{
	Arena *a = arena_new();
	diag_init(a);
	SrcFile *f = src_read(a, path);
	if (!f) {
		DiagOutput o = { .format = FMT_TEXT, .color = COLOR_NEVER };
		diag_print(stderr, &o);
		return 2;
	}
	long events = 0;
	for (int r = 0; r < repeat; r++) {
		yaml_parser_t p;
		yaml_parser_initialize(&p);
		yaml_parser_set_input_string(&p, (const unsigned char *)f->text, f->len);
		for (;;) {
			yaml_event_t ev;
			if (!yaml_parser_parse(&p, &ev)) {
				fprintf(stderr, "loadtool: %s\n", p.problem ? p.problem : "error");
				yaml_parser_delete(&p);
				return 1;
			}
			events++;
			int end = ev.type == YAML_STREAM_END_EVENT;
			yaml_event_delete(&ev);
			if (end)
				break;
		}
		yaml_parser_delete(&p);
	}
	printf("%ld events\n", events / repeat);
	diag_init(NULL);
	arena_free(a);
	return 0;
}

int
main(int argc, char **argv)
{
	const char *out = "none";
	int repeat = 1, c;
	bool rss = false;
	while ((c = getopt(argc, argv, "mo:n:")) != -1) {
		if (c == 'm')
			rss = true;
		else if (c == 'o')
			out = optarg;
		else if (c == 'n')
			repeat = atoi(optarg) > 0 ? atoi(optarg) : 1;
		else
			return 64;
	}
	if (argc - optind != 2) {
		fputs("usage: loadtool [-m] [-o none|json|yaml] [-n N] json|yaml|bare FILE\n", stderr);
		return 64;
	}
	const char *mode = argv[optind], *path = argv[optind + 1];
	if (strcmp(mode, "bare") == 0)
		return bare(path, repeat);
	bool json = strcmp(mode, "json") == 0;
	int rc = 0;
	for (int r = 0; r < repeat; r++) {
		Arena *a = arena_new();
		diag_init(a);
		SrcFile *f = src_read(a, path);
		Value *v = NULL, **docs = NULL;
		int n = 0;
		if (f && json) {
			v = json_load(a, f, &n);
			docs = &v;
			if (n > 1) {
				docs = v->items;
			}
		} else if (f) {
			n = yaml_load(a, f, &docs);
			for (n = 0; docs[n]; n++)
				;
		}
		if (r == repeat - 1 && rss)
			fprintf(stderr, "loadtool: arena %zu KiB\n", arena_used(a) >> 10);
		if (r == repeat - 1) {
			if (n > 0 && strcmp(out, "json") == 0) {
				for (int i = 0; i < n; i++) {
					char *s = value_to_json(docs[i], true);
					puts(s);
					free(s);
				}
			} else if (n > 0 && strcmp(out, "yaml") == 0) {
				char *s = values_to_yaml(docs, n);
				fputs(s, stdout);
				free(s);
			}
			DiagOutput o = { .format = FMT_TEXT, .color = COLOR_NEVER, .quiet = true };
			diag_print(stderr, &o);
			rc = diag_fatal() ? 2 : diag_count(SEV_ERROR) ? 1 : 0;
		}
		diag_init(NULL);
		arena_free(a);
	}
	if (rss) {
		struct rusage ru;
		getrusage(RUSAGE_SELF, &ru);
		fprintf(stderr, "loadtool: peak RSS %ld KiB\n", ru.ru_maxrss);
	}
	return rc;
}
