/*
 * versions.c - the supported Karpenter releases (versions.def) and the
 * resolution of a version the user or an input names to one of them.
 */
#include "karpgen.h"

#include <stdio.h>
#include <string.h>

const KarpRelease karpenter_releases[] = {
#define KARPENTER(name, apis, features, chart, kmin, kmax, hc, hq) \
	{ name, apis, features, chart, kmin, kmax, hc, hq },
#include "versions.def"
#undef KARPENTER
};
const int karpenter_release_count = sizeof karpenter_releases / sizeof *karpenter_releases;

/* X.Y.Z of a row's name; the table keeps the name once, the numbers are read from it. */
static void
numbers(const KarpRelease *r, int v[3])
{
	v[0] = v[1] = v[2] = 0;
	sscanf(r->name, "%d.%d.%d", &v[0], &v[1], &v[2]);
}

bool
karpenter_version_pick(const char *text, KarpVersion *out)
{
	if (!text || !pat_match(PAT_KARPENTER_VERSION, text, strlen(text)))
		return false;
	int want[3] = { 0, 0, 0 };
	if (sscanf(text + (*text == 'v'), "%d.%d.%d", &want[0], &want[1], &want[2]) < 2)
		return false;
	for (int i = 0; i < karpenter_release_count; i++) {
		int v[3];
		numbers(&karpenter_releases[i], v);
		if (v[0] != want[0] || v[1] != want[1])
			continue;
		out->major = v[0];
		out->minor = v[1];
		out->patch = v[2];
		out->name = karpenter_releases[i].name;
		out->requested = text;
		out->rel = &karpenter_releases[i];
		return true;
	}
	return false;
}

const char *
karpenter_version_list(void)
{
	static char buf[256];
	if (*buf)
		return buf;
	size_t n = 0;
	for (int i = 0; i < karpenter_release_count && n < sizeof buf; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", i == 0 ? "" :
		    i == karpenter_release_count - 1 ? " and " : ", ", karpenter_releases[i].name);
	return buf;
}

const KarpRelease *
karpenter_first_with(unsigned features, unsigned apis)
{
	for (int i = 0; i < karpenter_release_count; i++) {
		const KarpRelease *r = &karpenter_releases[i];
		if ((r->features & features) == features && (r->apis & apis) == apis)
			return r;
	}
	return NULL;
}
