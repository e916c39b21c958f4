/*
 * versions.c - the supported Karpenter releases (versions.def) and the
 * resolution of a version the user or an input names to one of them.
 */
#include "karpgen.h"

#include <stdio.h>
#include <string.h>

/* versions.def holds three tables; each inclusion takes one, the others' macros expand to nothing. */
const KarpRelease karpenter_releases[] = {
#define KARPENTER(name, apis, features, chart, kmin, kmax, hc, hq) \
	{ name, apis, features, chart, kmin, kmax, hc, hq },
#define KARPENTER_STOP(release, below, to, what, before)
#define KARPENTER_CHANGE(at, text)
#include "versions.def"
#undef KARPENTER
#undef KARPENTER_STOP
#undef KARPENTER_CHANGE
};
const int karpenter_release_count = sizeof karpenter_releases / sizeof *karpenter_releases;

/* The numbers of "[v]X.Y[.Z]" (a missing one is 0): how many were read.  The one reader of versions. */
static int
read_numbers(const char *text, int v[3])
{
	v[0] = v[1] = v[2] = 0;
	return sscanf(text + (*text == 'v'), "%d.%d.%d", &v[0], &v[1], &v[2]);
}

/* X.Y.Z of a row's name; the table keeps the name once, the numbers are read from it. */
static void
numbers(const KarpRelease *r, int v[3])
{
	read_numbers(r->name, v);
}

bool
karpenter_version_pick(const char *text, KarpVersion *out)
{
	int want[3];
	if (!version_numbers(text, want))
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

/*
 * The X.Y.Z of a version text ("v0.37.0", "1.16", "0.32"); false when it is
 * not one.  A missing patch is 0.
 */
bool
version_numbers(const char *text, int v[3])
{
	v[0] = v[1] = v[2] = 0;
	if (!text || !pat_match(PAT_KARPENTER_VERSION, text, strlen(text)))
		return false;
	return read_numbers(text, v) >= 2;
}

static int
cmp3(const int a[3], const int b[3])
{
	for (int i = 0; i < 3; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return 0;
}

/* Release lines "X.Y" compared: the patch does not count. */
static int
cmp_line(const int a[3], const int b[3])
{
	int x[3] = { a[0], a[1], 0 }, y[3] = { b[0], b[1], 0 };
	return cmp3(x, y);
}

PinPlace
karpenter_pin_place(const char *text, const KarpRelease **near)
{
	int want[3];
	*near = NULL;
	if (!version_numbers(text, want))
		return PIN_INVALID;
	int older = -1;
	for (int i = 0; i < karpenter_release_count; i++) {
		int v[3];
		numbers(&karpenter_releases[i], v);
		int c = cmp_line(v, want);
		if (c == 0) {
			*near = &karpenter_releases[i];
			return PIN_KNOWN;
		}
		if (c < 0)
			older = i;
	}
	if (older < 0) {
		*near = &karpenter_releases[0];
		return PIN_OLDER;
	}
	*near = &karpenter_releases[older];
	return older == karpenter_release_count - 1 ? PIN_NEWER : PIN_BETWEEN;
}

static const KarpStop stops[] = {
#define KARPENTER(name, apis, features, chart, kmin, kmax, hc, hq)
#define KARPENTER_STOP(release, below, to, what, before) { release, below, to, what, before },
#define KARPENTER_CHANGE(at, text)
#include "versions.def"
#undef KARPENTER
#undef KARPENTER_STOP
#undef KARPENTER_CHANGE
};

static const struct { const char *at, *text; } semantic[] = {
#define KARPENTER(name, apis, features, chart, kmin, kmax, hc, hq)
#define KARPENTER_STOP(release, below, to, what, before)
#define KARPENTER_CHANGE(at, text) { at, text },
#include "versions.def"
#undef KARPENTER
#undef KARPENTER_STOP
#undef KARPENTER_CHANGE
};

int
karpenter_upgrade_stops(const char *from, const KarpRelease *to, const KarpStop **out, int max)
{
	int f[3], t[3], n = 0;
	if (!version_numbers(from, f) || !to)
		return 0;
	numbers(to, t);
	for (size_t i = 0; i < sizeof stops / sizeof *stops && n < max; i++) {
		int below[3], reach[3], at[3];
		version_numbers(stops[i].from_below, below);
		version_numbers(stops[i].to_from, reach);
		version_numbers(stops[i].release, at);
		/* the stop is the target itself, or the target is on the stop's line: no hop */
		if (cmp_line(f, below) < 0 && cmp_line(t, reach) >= 0 && cmp_line(t, at) > 0)
			out[n++] = &stops[i];
	}
	return n;
}

void
karpenter_semantic_changes(const char *from, const KarpRelease *to, Buf *b)
{
	int f[3], t[3];
	if (!version_numbers(from, f) || !to)
		return;
	numbers(to, t);
	bool up = cmp_line(f, t) < 0;
	for (size_t i = 0; i < sizeof semantic / sizeof *semantic; i++) {
		int at[3];
		version_numbers(semantic[i].at, at);
		/* crossed: the older end is before `at`, the newer end at or after it */
		if (cmp_line(up ? f : t, at) < 0 && cmp_line(up ? t : f, at) >= 0)
			buf_printf(b, "- %s (%s): %s.\n", up ? "Changed" : "Undone", semantic[i].at, semantic[i].text);
	}
}

int
karpenter_release_index(const char *name)
{
	for (int i = 0; i < karpenter_release_count; i++)
		if (strcmp(karpenter_releases[i].name, name) == 0)
			return i;
	return -1;
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

/* ------------------------------------------------------------ Kubernetes */

int
kube_minor(const char *s)
{
	int major = 0, minor = 0;
	char rest = 0;
	if (!s || sscanf(s, "%d.%d%c", &major, &minor, &rest) != 2 || major != 1 || minor < 0 || minor > 63)
		return -1;
	return minor;
}

/* ------------------------------------------------------------ AMI releases */

/*
 * data/ami-releases.tsv, embedded: the EKS-optimized AMI releases of each
 * alias family, newest first, with the Kubernetes minors each has AMIs for
 * (scripts/gen-ami-releases.py writes it from the AMIs' release log; the
 * build reads only the committed file).  Read in place on each question: a
 * few hundred lines, asked once per alias.
 */
typedef struct AmiRow {
	const char *family, *release;
	size_t flen, rlen;
	uint64_t minors;
} AmiRow;

static const char *
ami_text(void)
{
	const EmbeddedText *e = embedded_text("data/ami-releases.tsv");
	return e ? e->text : "";
}

/* The next data row at *p (comments skipped), false at the end. */
static bool
ami_next(const char **p, AmiRow *r)
{
	while (**p) {
		const char *line = *p, *end = strchr(line, '\n');
		if (!end)
			end = line + strlen(line);
		*p = *end ? end + 1 : end;
		const char *t1 = memchr(line, '\t', (size_t)(end - line));
		const char *t2 = t1 ? memchr(t1 + 1, '\t', (size_t)(end - t1 - 1)) : NULL;
		if (*line == '#' || !t2)
			continue;
		r->family = line;
		r->flen = (size_t)(t1 - line);
		r->release = t1 + 1;
		r->rlen = (size_t)(t2 - t1 - 1);
		r->minors = 0;
		for (const char *m = t2 + 1; m < end; ) {
			int n = 0;
			while (m < end && *m >= '0' && *m <= '9')
				n = n * 10 + (*m++ - '0');
			if (n < 64)
				r->minors |= 1ull << n;
			while (m < end && (*m < '0' || *m > '9'))
				m++;
		}
		return true;
	}
	return false;
}

/* Release names compared as versions: runs of digits by value ("v1.9.2" < "v1.10.0", "v20240729" < "v20240817"). */
static int
release_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	size_t i = 0, j = 0;
	while (i < an && j < bn) {
		if (a[i] >= '0' && a[i] <= '9' && b[j] >= '0' && b[j] <= '9') {
			while (i < an && a[i] == '0')
				i++;
			while (j < bn && b[j] == '0')
				j++;
			size_t si = i, sj = j;
			while (i < an && a[i] >= '0' && a[i] <= '9')
				i++;
			while (j < bn && b[j] >= '0' && b[j] <= '9')
				j++;
			if (i - si != j - sj)
				return i - si < j - sj ? -1 : 1;
			int c = memcmp(a + si, b + sj, i - si);
			if (c)
				return c;
			continue;
		}
		if (a[i] != b[j])
			return (unsigned char)a[i] < (unsigned char)b[j] ? -1 : 1;
		i++;
		j++;
	}
	return (i < an) - (j < bn);
}

void
ami_release_neighbours(Arena *a, const char *family, size_t flen, const char *release, size_t rlen,
    const char **older, const char **newer)
{
	const char *p = ami_text();
	AmiRow r;
	*older = *newer = NULL;
	/* newest first: the last row newer than `release` and the first one older */
	while (ami_next(&p, &r)) {
		if (r.flen != flen || memcmp(r.family, family, flen) != 0)
			continue;
		int c = release_cmp(r.release, r.rlen, release, rlen);
		if (c > 0)
			*newer = arena_strndup(a, r.release, r.rlen);
		else if (c < 0 && !*older)
			*older = arena_strndup(a, r.release, r.rlen);
	}
}

int
ami_family_ended(const char *family)
{
	size_t flen = strlen(family);
	for (const char *d = strstr(ami_text(), "\n# ended: "); d; d = strstr(d + 1, "\n# ended: ")) {
		int minor = -1;
		if (strncmp(d + 10, family, flen) == 0 && d[10 + flen] == ' ' && sscanf(d + 11 + flen, "%d", &minor) == 1)
			return minor;
	}
	return -1;
}

int
ami_family_max_minor(const char *family)
{
	const char *p = ami_text();
	size_t flen = strlen(family);
	AmiRow r;
	int max = -1;
	while (ami_next(&p, &r))
		if (r.flen == flen && memcmp(r.family, family, flen) == 0)
			for (int i = 0; i < 64; i++)
				max = r.minors >> i & 1 && i > max ? i : max;
	return max;
}

const char *
ami_data_date(void)
{
	static char date[16];
	const char *d = strstr(ami_text(), "\n# date: ");
	if (!d || *date)
		return *date ? date : NULL;
	sscanf(d + 9, "%15s", date);
	return date;
}

bool
ami_family_known(const char *family, size_t flen)
{
	const char *p = ami_text();
	AmiRow r;
	while (ami_next(&p, &r))
		if (r.flen == flen && memcmp(r.family, family, flen) == 0)
			return true;
	return false;
}

bool
ami_release_minors(const char *family, size_t flen, const char *release, size_t rlen, uint64_t *minors)
{
	const char *p = ami_text();
	AmiRow r;
	while (ami_next(&p, &r))
		if (r.flen == flen && memcmp(r.family, family, flen) == 0 && r.rlen == rlen &&
		    memcmp(r.release, release, rlen) == 0) {
			*minors = r.minors;
			return true;
		}
	return false;
}

const char *
ami_release_newest(Arena *a, const char *family, int minor)
{
	const char *p = ami_text();
	size_t flen = strlen(family);
	AmiRow r;
	while (ami_next(&p, &r))
		if (r.flen == flen && memcmp(r.family, family, flen) == 0 &&
		    (minor < 0 || (minor < 64 && (r.minors >> minor & 1))))
			return arena_strndup(a, r.release, r.rlen);
	return NULL;
}

/* ------------------------------------------------------------ what changes */

/*
 * What each column bit of versions.def means to a user moving between two
 * releases: the text when a release gains it and when it loses it (NULL: not
 * worth a line).  REPORT.md's upgrade statement reads these, so a new KF_ or
 * API_ bit is a row here, not a sentence per pair of releases.
 */
static const struct { unsigned bit; const char *gained, *lost; } feature_changes[] = {
	{ KF_PROVISIONER_NAME, "nodes carry `karpenter.sh/provisioner-name` and the IAM conditions use it",
	  "nodes no longer carry `karpenter.sh/provisioner-name`: selectors and IAM conditions on it match "
	  "nothing (the NodePool label is `karpenter.sh/nodepool`)" },
	{ KF_ZONE_ID_LABEL, "nodes carry the `topology.k8s.aws/zone-id` label, and requirements may use it",
	  "nodes no longer carry `topology.k8s.aws/zone-id`" },
	{ KF_BUDGETS, "disruption budgets (`spec.disruption.budgets`) limit how many nodes are disrupted at once",
	  "no disruption budgets: `spec.disruption.budgets` is refused" },
	{ KF_AL2023, "the AL2023 AMI family (`al2023@...` aliases) is available",
	  "the AL2023 AMI family is not available" },
	{ KF_PLACEMENT_GROUP, "an EC2NodeClass selects a placement group (`placementGroupSelector`), and NodePools may "
	  "require `karpenter.k8s.aws/placement-group-partition`",
	  "no `placementGroupSelector`: nodes launch outside any placement group" },
	{ KF_TENANCY, "NodePools may require `karpenter.k8s.aws/instance-tenancy` (`dedicated` instances)",
	  "the CRDs refuse a requirement on `karpenter.k8s.aws/instance-tenancy`" },
	{ KF_K8S_IO_RESERVED, "the CRDs refuse labels in the `kubernetes.io` and `k8s.io` domains",
	  "the CRDs accept labels in the `kubernetes.io` and `k8s.io` domains they refused (except the "
	  "well-known ones)" },
};

static const struct { unsigned bit; const char *what; } api_names[] = {
	{ API_ALPHA, "`karpenter.sh/v1alpha5` Provisioner and Machine, `karpenter.k8s.aws/v1alpha1` AWSNodeTemplate" },
	{ API_BETA, "`karpenter.sh/v1beta1` NodePool and NodeClaim, `karpenter.k8s.aws/v1beta1` EC2NodeClass" },
	{ API_V1, "`karpenter.sh/v1` NodePool and NodeClaim, `karpenter.k8s.aws/v1` EC2NodeClass" },
	{ API_OVERLAY, "`karpenter.sh/v1alpha1` NodeOverlay" },
};

void
karpenter_changes(const KarpRelease *from, const KarpRelease *to, Buf *b)
{
	for (size_t i = 0; i < sizeof api_names / sizeof *api_names; i++) {
		bool had = from->apis & api_names[i].bit, has = to->apis & api_names[i].bit;
		if (had != has)
			buf_printf(b, "- API: %s: served by %s, not by %s.\n", api_names[i].what, has ? to->name : from->name,
			    has ? from->name : to->name);
	}
	for (size_t i = 0; i < sizeof feature_changes / sizeof *feature_changes; i++) {
		bool had = from->features & feature_changes[i].bit, has = to->features & feature_changes[i].bit;
		if (had != has)
			buf_printf(b, "- Behaviour: %s.\n", has ? feature_changes[i].gained : feature_changes[i].lost);
	}
	const struct { const char *what, *a, *b; } renamed[] = {
		{ "the Helm value that names the cluster", from->helm_cluster_name, to->helm_cluster_name },
		{ "the Helm value that names the interruption queue", from->helm_queue, to->helm_queue },
	};
	for (size_t i = 0; i < sizeof renamed / sizeof *renamed; i++)
		if (strcmp(renamed[i].a, renamed[i].b) != 0)
			buf_printf(b, "- Renamed: %s, `%s` -> `%s`.\n", renamed[i].what, renamed[i].a, renamed[i].b);
	if ((from->chart_tag[0] == 'v') != (to->chart_tag[0] == 'v'))
		buf_printf(b, "- Renamed: the chart tag format, `%s` -> `%s` (the `v` prefix %s).\n", from->chart_tag,
		    to->chart_tag, to->chart_tag[0] == 'v' ? "is back before v0.35.0" : "is gone from v0.35.0 on");
	if (from->k8s_min != to->k8s_min || from->k8s_max != to->k8s_max)
		buf_printf(b, "- Kubernetes: %s supports 1.%d to 1.%d, %s supports 1.%d to 1.%d.\n", from->name,
		    from->k8s_min, from->k8s_max, to->name, to->k8s_min, to->k8s_max);
}
