/* fuzz_proxy.c - libFuzzer driver for the proxy service's parsers
 * (core/proxy.c): the visit team ("role:name,...") and the local time of a
 * visit ("YYYY-MM-DDTHH:MM").
 *
 * A team that is accepted normalises to itself (the normal form is a fixed
 * point), fits its buffer, and has between 1 and PROXY_TEAM_MAX members; a
 * time that is accepted is a whole minute. Nothing overruns. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/proxy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 2048)
		return 0;
	char *in = malloc(size + 1);
	memcpy(in, data, size);
	in[size] = '\0';
	char out[PROXY_TEAM_CAP], again[PROXY_TEAM_CAP];
	bool doctor = false, doctor2 = false;
	const char *why = NULL;
	if (proxy_team_normalise(in, out, sizeof out, &doctor, &why) == OS_OK) {
		size_t len = strlen(out);
		if (len == 0 || len >= sizeof out)
			abort();
		size_t members = 1;
		for (size_t i = 0; i < len; i++)
			members += out[i] == ',';
		if (members > PROXY_TEAM_MAX)
			abort();
		if (proxy_team_normalise(out, again, sizeof again, &doctor2, &why) != OS_OK ||
		    strcmp(out, again) != 0 || doctor != doctor2)
			abort();
	} else if (!why) {
		abort();
	}
	int64_t t = 0;
	if (proxy_parse_local(in, &t) == OS_OK && (t % 60) != 0)
		abort();
	free(in);
	return 0;
}
