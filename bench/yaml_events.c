/*
 * yaml_events FILE - the floor: a bare libyaml event parse of FILE, nothing
 * built.  Prints the number of events.
 */
#include <stdio.h>
#include <yaml.h>

int
main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	FILE *f = fopen(argv[1], "rb");
	if (!f)
		return 2;
	yaml_parser_t p;
	yaml_parser_initialize(&p);
	yaml_parser_set_input_file(&p, f);
	long n = 0;
	for (;;) {
		yaml_event_t e;
		if (!yaml_parser_parse(&p, &e))
			return 1;
		int done = e.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&e);
		n++;
		if (done)
			break;
	}
	yaml_parser_delete(&p);
	fclose(f);
	printf("%ld\n", n);
	return 0;
}
