/*
 * karpgen.h - the one internal header.
 *
 * Sections in pipeline order, a map of the program: support (arena, source
 * files, diagnostics, patterns, names, the value tree), the readers (HCL,
 * JSON, YAML), options and versions, the IR, the loaders that fill it,
 * the checks, lowering, the emitters of the kit, the validator (schema and
 * CEL) and convert.  Library headers (yaml.h, jansson.h, pcre2.h, cyaml.h) are never
 * included here: each belongs to the one adapter file that owns it.
 */
#ifndef KARPGEN_H
#define KARPGEN_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#ifndef KARPGEN_VERSION
#error "KARPGEN_VERSION comes from the file VERSION, through the Makefile"
#endif

#if defined(__GNUC__)
#define PRINTF(f, a) __attribute__((format(printf, f, a)))
#define NORETURN __attribute__((noreturn))
#else
#define PRINTF(f, a)
#define NORETURN
#endif
/* A function that takes its arguments as a va_list: PRINTF(f, 0). */
#define VPRINTF(f) PRINTF(f, 0)

/*
 * Resource limits.  Each one that is hit ends in a KG102 diagnostic and exit
 * status 2, never in a crash or unbounded memory.
 */
enum {
	LIMIT_FILE_SIZE = 64 << 20,   /* bytes of one input file */
	LIMIT_DEPTH = 256,            /* nesting of brackets, blocks, YAML collections */
	LIMIT_DOCUMENTS = 100000,     /* YAML documents in one file */
	LIMIT_ALIAS_NODES = 1000000,  /* nodes produced by YAML alias expansion, per file */
	LIMIT_VALUES = 1 << 21,       /* values (and HCL template parts) read from one file, ~130 bytes each */
	LIMIT_INPUTS = 10000,         /* files in one run (validate may recurse) */
	LIMIT_DIAGNOSTICS = 1000,     /* diagnostics kept in a run, a fifth of it per rule (--max-diagnostics) */
};

/* ---------------------------------------------------------------- arena.c */

/*
 * One arena per run holds the IR and every string; it is freed once, at the
 * end of the run.  Allocation never returns NULL: running out of memory ends
 * the run with exit status 2.
 */
typedef struct Arena Arena;

Arena *arena_new(void);
void arena_free(Arena *a);
void *arena_alloc(Arena *a, size_t size);              /* zeroed, max-aligned */
void *arena_realloc(Arena *a, void *old, size_t old_size, size_t new_size);
char *arena_strndup(Arena *a, const char *s, size_t n); /* NUL-terminated copy */
char *arena_strdup(Arena *a, const char *s);
char *arena_printf(Arena *a, const char *fmt, ...) PRINTF(2, 3);
char *arena_vprintf(Arena *a, const char *fmt, va_list ap) VPRINTF(2);
char *arena_join(Arena *a, const char *x, const char *sep, const char *y); /* x sep y */
size_t arena_used(const Arena *a);
void arena_reset(Arena *a);   /* drop everything allocated; keep (zeroed) the current chunk */

/*
 * Growable arrays in the arena: `VEC(Foo *) list;` then
 * `VEC_PUSH(arena, list, item)`.  Growth doubles, so at most half of the
 * space a vector used is garbage, reclaimed with the arena.
 */
#define VEC(T) struct { T *v; int n, cap; }
#define VEC_PUSH(a, vec, item) do { \
		if ((vec).n == (vec).cap) { \
			int nc_ = (vec).cap ? (vec).cap * 2 : 8; \
			(vec).v = arena_realloc((a), (vec).v, \
			    (size_t)(vec).cap * sizeof *(vec).v, (size_t)nc_ * sizeof *(vec).v); \
			(vec).cap = nc_; \
		} \
		(vec).v[(vec).n++] = (item); \
	} while (0)

/* Growable byte buffer (malloc'd, for output text; freed by the caller). */
typedef struct Buf { char *s; size_t len, cap; } Buf;
void buf_add(Buf *b, const char *s, size_t n);
void buf_puts(Buf *b, const char *s);
void buf_printf(Buf *b, const char *fmt, ...) PRINTF(2, 3);
void buf_free(Buf *b);

NORETURN void fatal_oom(void);

/*
 * The one string -> pointer hash table (open addressing, at most half full,
 * in the arena).  A zeroed SMap is empty.  Keys are not copied: a key must
 * live as long as the map.  smap_put adds or replaces; smap_get returns NULL
 * for a key not there, so a caller that stores NULL cannot tell it apart.
 */
typedef struct SMap { const char **key; void **val; int cap, n; } SMap;
void *smap_get(const SMap *m, const char *k);
void smap_put(Arena *a, SMap *m, const char *k, void *v);
void smap_clear(SMap *m);     /* empty, keeping the slots for reuse */

/* -------------------------------------------------------------- srcfile.c */

/*
 * A whole input file in memory.  `text` is NUL-terminated (the NUL is not
 * counted in `len`; the file itself may hold NUL bytes, which front-ends
 * diagnose).  `index` is the position of the file among the run's inputs,
 * used to order diagnostics.
 */
typedef struct SrcFile {
	const char *name;       /* as given on the command line */
	const char *text;
	size_t len;
	int index;
	const uint32_t *line_off; /* byte offset of the start of every LINE_STEP-th line (0, LINE_STEP, ...) */
	int nlines;
	bool mapped;            /* src_map(): text is a read-only mapping of the file */
	size_t released;        /* mapped: the pages below this were given back (src_release) */
	size_t memo_off;        /* src_linecol's last answer (memo_col 0: none), */
	int memo_line, memo_col; /* where it goes on from on the same line */
} SrcFile;

/*
 * A source range.  Lines and columns are 1-based; columns count Unicode
 * characters (code points), as libyaml's marks do.  end_* is the position
 * just past the range (end_col exclusive); end_line 0 means "same as start,
 * one character wide".  file == NULL means "no location" (a command-line
 * option, say).
 */
typedef struct Loc {
	const SrcFile *file;
	int line, col;
	int end_line, end_col;
} Loc;

SrcFile *src_read(Arena *a, const char *path);  /* NULL after a KG100/KG102 diagnostic */
enum { LINE_STEP = 16 };
/*
 * src_read(), but a large regular file is mapped, not copied, and every pass
 * over it gives its pages back as it goes: with src_release() after each
 * document, a reader that streams the file holds a few pages of it, not the
 * file (validate).  Text read again later (an excerpt) is read back from the
 * file.
 */
SrcFile *src_map(Arena *a, const char *path);
/* The pages of a mapped file before byte `upto` are not needed now (no-op for others). */
void src_release(const SrcFile *f, size_t upto);
/* memmem() over the text from byte `from`; a mapped file's pages are given back as the search goes by. */
const char *src_find(const SrcFile *f, size_t from, const char *needle, size_t n);
SrcFile *src_from_mem(Arena *a, const char *name, const char *text, size_t len);
/* Byte offset -> line:col (col in characters).  O(log lines + line length). */
void src_linecol(const SrcFile *f, size_t off, int *line, int *col);
/* The byte offset of the start of 0-based line `l` (0 <= l < nlines). */
size_t src_line_start(const SrcFile *f, int l);
/* The text of line `line` (1-based) without its newline. */
const char *src_line(const SrcFile *f, int line, size_t *len);
/* Byte offset of 1-based character column `col` in a line of `len` bytes (at most len). */
size_t src_col_offset(const char *line, size_t len, int col);
Loc loc_at(const SrcFile *f, size_t off, size_t end_off);
bool utf8_valid(const char *s, size_t n, size_t *bad_off);
/* The code point at s[0, n) and its length; 0 (and U+FFFD) where the bytes are not UTF-8. */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);
/*
 * The file is UTF-8 text without NUL bytes; otherwise a KG103 diagnostic at
 * the first offending byte (or at the start, for UTF-16) and false.
 */
bool src_check_text(const SrcFile *f);

/* ----------------------------------------------------------------- diag.c */

typedef enum Severity { SEV_NOTE, SEV_WARNING, SEV_ERROR } Severity;

/* The rule catalogue (diag.def): one table, the contract of the ids. */
typedef enum RuleId {
#define RULE(id, name, sev, summary) id,
#include "diag.def"
#undef RULE
	RULE_COUNT
} RuleId;

typedef struct RuleInfo {
	const char *id;        /* "KG201" */
	const char *name;      /* "az-coverage" */
	Severity severity;     /* default */
	const char *summary;   /* one line, for `karpgen rules` and SARIF */
} RuleInfo;

extern const RuleInfo rule_table[RULE_COUNT];

typedef enum Format { FMT_TEXT, FMT_JSON, FMT_SARIF, FMT_GITHUB } Format;
typedef enum Color { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER } Color;

typedef struct DiagNote {
	Loc loc;
	const char *msg;
} DiagNote;

typedef struct Diag {
	RuleId rule;
	Severity sev;           /* after --werror */
	Loc loc;
	const char *msg;
	VEC(DiagNote) notes;
	int seq;                /* emission order, the last sort key */
	bool dropped;           /* rule disabled: kept out of every output */
} Diag;

/*
 * Report a diagnostic.  Messages follow git's style: lower case, no trailing
 * period, the subject quoted ('like this'); the fix goes in a note.  The
 * returned handle takes notes; it is never NULL (a disabled rule yields a
 * handle whose notes are dropped too).
 */
Diag *diag(RuleId rule, const Loc *loc, const char *fmt, ...) PRINTF(3, 4);
Diag *diag_sev(RuleId rule, Severity sev, const Loc *loc, const char *fmt, ...) PRINTF(4, 5);
Diag *vdiag(RuleId rule, Severity sev, const Loc *loc, const char *fmt, va_list ap) VPRINTF(4);
/* A note at another place (loc may be NULL: a note about the fix). */
void diag_note(Diag *d, const Loc *loc, const char *fmt, ...) PRINTF(3, 4);

void diag_init(Arena *a);            /* start a run: forget earlier diagnostics */
void diag_disable(RuleId r);     /* KG100-KG102 stay on: diag_can_disable() */
bool diag_can_disable(RuleId r);
void diag_set_werror(bool on);
void diag_set_severity(RuleId r, Severity sev);  /* .karpgen.yaml's severity overrides */
/* src_read() registers each file it reads (for suppress.c); diag_files() lists them. */
void diag_track_file(const SrcFile *f);
const SrcFile *const *diag_files(int *n);
/* While muted, nothing is reported or tracked (files read only to look something up: beside.c). */
void diag_mute(bool on);
bool diag_disabled(RuleId r);
/* A filter every diagnostic with a location passes through first: true drops it (suppress.c). */
void diag_set_filter(bool (*filter)(RuleId rule, const Loc *loc));

/* ------------------------------------------------------------ suppress.c */

/* Inline suppressions (`# karpgen:ignore KGnnn reason`, docs/rules/KG113.md): start a run's. */
void suppress_init(Arena *a);
/* After every check ran: KG113 for each suppression that suppressed nothing. */
void suppress_report_unused(void);
/* Keep at most n diagnostics (0: all), and (n + 4) / 5 of each rule; the rest are counted, not kept. */
void diag_set_max(int n);
int diag_cut(RuleId r);              /* diagnostics of rule r counted but not kept */
int diag_cut_total(void);
int rule_lookup(const char *id_or_name); /* -1 when unknown */
int diag_count(Severity sev);        /* after --werror/--disable */
bool diag_fatal(void);               /* a KG100/KG102 diagnostic was reported: exit 2 */
void diag_set_fatal(void);           /* the diagnostics could not be written: exit 2 */

typedef struct DiagOutput {
	Format format;
	Color color;
	bool quiet;                      /* -q: no summary line */
	const char *tool_command;        /* for SARIF invocation, e.g. "lint" */
	const char *anchor;              /* SARIF: the input a result without a file is attached to */
} DiagOutput;

/* emit_diag.c: every diagnostic of the run, sorted by input then position, then the summary; a write
 * error makes diag_fatal() true (exit 2). */
void diag_print(FILE *out, const DiagOutput *o);
/* emit_diag.c: the diagnostics as a malloc'd Markdown fragment, for REPORT.md. */
char *diag_markdown(void);
/* The run's reported diagnostics, sorted (for the JSON and SARIF writers). */
Diag *const *diag_sorted(int *n);
/* emit_json.c: the JSON and SARIF formats. */
void diag_print_json(FILE *out, Diag *const *d, int n);
void diag_print_sarif(FILE *out, Diag *const *d, int n, const DiagOutput *o);

/* ---------------------------------------------------------------- embed */

/* Files embedded at build time (scripts/gen-embed.sh): data/iam/ and templates/. */
typedef struct EmbeddedText {
	const char *path, *text;
	size_t len;
} EmbeddedText;

extern const EmbeddedText embedded_texts[];   /* ends with a NULL path */
const EmbeddedText *embedded_text(const char *path);   /* NULL when absent */

/* -------------------------------------------------------------- sha256.c */

void sha256(const void *data, size_t len, uint8_t out[32]);
void sha256_hex(const void *data, size_t len, char out[65]);
/* Use the CPU's SHA extensions when it has them (the default) or not; whether it has them. */
bool sha256_hw(bool on);
/* ------------------------------------------------------------- pattern.c */

/* Patterns used across karpgen, compiled once with PCRE2 on first use. */
typedef enum PatId {
#define PAT(id, re) id,
#include "pattern.def"
#undef PAT
	PAT_COUNT
} PatId;

bool pat_match(PatId p, const char *s, size_t len);
/* Ad-hoc patterns (from CRD schemas): compiled once per distinct text, cached
 * for the run; anchored at both ends.  NULL (and *err set) when invalid. */
typedef struct Pattern Pattern;
Pattern *pattern_get(const char *re, const char **err);
bool pattern_match(const Pattern *p, const char *s, size_t len);
void pattern_free_all(void);

/*
 * The project's own template placeholders: patterns (--allow-placeholder,
 * the project file's `placeholders:`) that a whole placeholder, as
 * placeholder_find() finds it ("${CLUSTER_NAME}", "{{ .Values.x }}"),
 * matches.  Such a placeholder in a Karpenter manifest is no KG111; like
 * every placeholder it is never a schema error.
 */
enum { LIMIT_PLACEHOLDERS = 64 };
enum { LIMIT_AMI_FAMILIES = 64 };  /* --ami-family options */   /* patterns on the command line, and in the project file */
typedef struct Placeholders {
	Pattern *v[2 * LIMIT_PLACEHOLDERS];
	int n;
} Placeholders;
bool placeholder_allowed(const Placeholders *allow, const char *s, size_t len);

/* --------------------------------------------------------------- names.c */

/* A node group name made a DNS-1123 label (at most 63): the name of the NodePool that replaces it. */
char *dns1123_name(Arena *a, const char *name);
/*
 * The edit distance of every "did you mean" note: optimal string alignment
 * (a swap of neighbours is one step), a change of ASCII case half a step;
 * max + 1 when it is over max (or a string is over 64 bytes).
 */
int edit_distance(const char *a, const char *b, int max);
/*
 * The one template-placeholder recogniser: the first ${X} (not $${X}), <<X>>
 * or {{ X }} in s[0, len), *n its length; with `envsubst` only ${NAME} of a
 * bare name (Terraform's own ${var.x} is a reference).  is_placeholder():
 * a string that holds one.
 */
const char *placeholder_find(const char *s, size_t len, size_t *n, bool envsubst);
bool is_placeholder(const char *s);
/* An HCL expression that is an envsubst placeholder (NAME, "${NAME}", "x-${NAME}"): KG111 in a tfvars. */
bool tf_placeholder(const char *expr);
/* Kubernetes name syntax (apimachinery's IsQualifiedName, IsValidLabelValue, IsDNS1123Subdomain). */
bool k8s_qualified_name(const char *s, size_t len);
bool k8s_label_value(const char *s, size_t len);
/* Why a NodePool template of target `kv` cannot set label `key` (the CRDs' reserved domains), or NULL. */
struct KarpVersion;
const char *api_label_restricted(const struct KarpVersion *kv, const char *key);

/* --------------------------------------------------------------- value.c */

/*
 * The generic value tree every format is read into: HCL (attributes and
 * blocks in hcl2json's shape), JSON and YAML.  Every node keeps its range.
 * V_UNKNOWN is an HCL expression that is not a literal; `s` holds its exact
 * source text and nothing about it is guessed.
 */
typedef enum VKind { V_NULL, V_BOOL, V_NUM, V_STR, V_LIST, V_MAP, V_UNKNOWN } VKind;

enum {
	VF_BLOCK = 1 << 0,     /* V_MAP: an HCL block body; V_LIST: the list of blocks of one type */
	VF_HEREDOC = 1 << 1,   /* V_STR from an HCL heredoc */
	VF_QUOTED = 1 << 2,    /* V_STR from a quoted YAML scalar / HCL quoted string */
	VF_INTEGER = 1 << 3,   /* V_NUM written without fraction or exponent, and fits in int64 */
	VF_TEMPLATE = 1 << 4,  /* V_UNKNOWN: a string template with interpolations */
	VF_DEFAULT = 1 << 5,   /* filled in from a type's optional(T, default), not written in the input */
};

typedef struct Value Value;
typedef struct Member {
	const char *key;
	Loc key_loc;
	Value *val;
} Member;

struct Value {
	VKind kind;
	unsigned flags;
	Loc loc;
	const char *s;          /* V_STR: text; V_NUM: source spelling; V_UNKNOWN: source text */
	size_t len;             /* of s (strings may hold NUL) */
	double num;             /* V_NUM */
	int64_t i;              /* V_NUM with VF_INTEGER */
	bool b;                 /* V_BOOL */
	int n;                  /* V_LIST items / V_MAP members */
	Value **items;          /* V_LIST */
	Member *members;        /* V_MAP, in source order */
};

Value *v_new(Arena *a, VKind k, const Loc *loc);
/* A string with a NUL byte (from an escape) is a KG103 error, true then: every consumer reads C strings
 * and would silently cut it at the NUL.  Each loader calls it on every string it makes, keys included. */
bool v_nul_refused(const Value *v);
Value *v_str(Arena *a, const char *s, size_t len, const Loc *loc);
/* A copy of the tree `v` in `a`, strings and keys too (Locs kept): it outlives v's arena. */
Value *v_clone(Arena *a, const Value *v);
void v_list_push(Arena *a, Value *list, Value *item);
void v_map_put(Arena *a, Value *map, const char *key, const Loc *key_loc, Value *val);
/* First member named `key`; NULL when absent or `map` is not a V_MAP. */
Value *v_get(const Value *map, const char *key);
const Member *v_member(const Value *map, const char *key);
/* Follow a dotted path of keys ("spec.template.spec"); NULL when any step is missing. */
Value *v_path(const Value *root, const char *path);
const char *v_kind_name(VKind k);
bool v_is_str(const Value *v, const char *s);
/*
 * Structural equality, ignoring Locs and flags: numbers compare by value
 * ("0x1F" equals "31"), strings by bytes, maps member by member in order.
 */
bool value_equal(const Value *a, const Value *b);
/*
 * Duplicate keys of a map just read: each later key gets a KG108 at it with
 * a note at the one before, and the earlier member is removed (the last
 * value wins, as in Go's encoding/json).  Returns how many were removed.
 * `budget` (NULL: no limit) is how many may still be reported; it goes
 * below zero by the number not reported, so a flood ends in one summary.
 */
int v_map_dedup(Arena *a, Value *map, int *budget);
/* The summary of the duplicates a budget of v_map_dedup() left unreported. */
void v_dedup_summary(const SrcFile *f, int budget);
/*
 * Keys are C strings (Member.key): a key that holds a NUL character
 * ("a\u0000b") is read up to it.  The readers call this with the key's full
 * length: a KG103 warning at the key says what it is read as, rather than
 * changing it silently.  True when the key holds a NUL.
 */
bool v_key_nul(const char *key, size_t len, const Loc *key_loc);

/* ------------------------------------------- hcl_lex.c hcl_parse.c (HCL) */

/*
 * Parse HCL native syntax (grammar/hcl.ebnf) into the value tree in
 * hcl2json's shape: the body is a V_MAP of attributes and blocks; blocks are
 * V_MAPs keyed by type, then by each label, ending in a V_LIST (VF_BLOCK) of
 * bodies.  Literal expressions are evaluated; any other expression is a
 * V_UNKNOWN holding its exact source text (with VF_TEMPLATE, `s` is already
 * the string hcl2json prints, e.g. "name-${var.x}").  Syntax errors are KG101
 * diagnostics; the result is NULL only when nothing usable was parsed.
 */
Value *hcl_parse(Arena *a, const SrcFile *f);
/*
 * The same tree with every string as hcl2json prints it rather than as its
 * value: literal text keeps "${" and "%{" escaped ("$${", "%%{"), since in
 * HCL's JSON form a bare "${" starts an interpolation.  For `parse --json`.
 */
Value *hcl_parse_printed(Arena *a, const SrcFile *f);

/*
 * The lexer, exposed for hcl_parse.c and the unit tests.  hcl_lex_next()
 * reads expression tokens; hcl_lex_template() reads the text of a quoted or
 * heredoc template between its sequences.  The parser picks the mode: after
 * HT_OQUOTE or HT_HEREDOC it calls hcl_lex_template() until HT_CQUOTE or
 * HT_HEREDOC_END, and inside "${ }" and "%{ }" it calls hcl_lex_next() again.
 */
typedef enum HclTok {
	HT_EOF, HT_ERROR, HT_NEWLINE /* only as the parser's view of nl_before */,
	HT_IDENT, HT_NUMBER, HT_OQUOTE, HT_HEREDOC,
	HT_PLUS, HT_MINUS, HT_STAR, HT_SLASH, HT_PERCENT,
	HT_AND, HT_OR, HT_NOT, HT_EQ, HT_NE, HT_LT, HT_GT, HT_LE, HT_GE,
	HT_ASSIGN, HT_COLON, HT_DCOLON, HT_QUESTION, HT_ARROW, HT_ELLIPSIS, HT_DOT, HT_COMMA,
	HT_LBRACE, HT_RBRACE, HT_LBRACK, HT_RBRACK, HT_LPAREN, HT_RPAREN,
	/* template mode */
	HT_LIT, HT_INTERP, HT_DIRECTIVE, HT_CQUOTE, HT_HEREDOC_END,
	HT_COUNT
} HclTok;

typedef struct HclPos {
	uint32_t off;           /* byte offset */
	int line, col;          /* 1-based; col in characters */
} HclPos;

typedef struct HclToken {
	HclTok kind;
	HclPos start, end;
	bool nl_before;         /* a newline or line comment precedes it */
	bool strip;             /* "${~" "%{~" (HT_INTERP, HT_DIRECTIVE) or "~}" (HT_RBRACE) */
	bool indent;            /* HT_HEREDOC: "<<-" */
	const char *text;       /* HT_LIT: decoded text (arena, NUL-terminated); */
	size_t len;             /* HT_IDENT, HT_NUMBER, HT_HEREDOC (marker): a slice of the source */
} HclToken;

typedef struct HclLexer {
	Arena *arena;
	const SrcFile *file;
	const char *s;
	size_t len;
	HclPos pos;
	int quiet;              /* > 0: report nothing (error recovery skips text) */
	int errors;             /* syntax errors reported */
} HclLexer;

/* The state of one template being read by hcl_lex_template(). */
typedef struct HclTemplate {
	bool heredoc;
	const char *marker;     /* heredoc: the closing identifier */
	size_t marker_len;
	bool line_start;        /* heredoc: the next text begins a line */
	HclPos open;            /* the opening '"' or "<<", for diagnostics */
} HclTemplate;

void hcl_lex_init(HclLexer *lx, Arena *a, const SrcFile *f);
HclToken hcl_lex_next(HclLexer *lx);
void hcl_lex_scan(HclLexer *lx, HclToken *t);   /* the same, into *t (the parser's hot path) */
HclToken hcl_lex_template(HclLexer *lx, HclTemplate *t);
const char *hcl_tok_name(HclTok k);     /* "'=='", "an identifier" ... */
Loc hcl_loc(const HclLexer *lx, HclPos from, HclPos to);
/* KG101 at [from, to), counted against the per-file cap; NULL when quiet. */
Diag *hcl_syntax_error(HclLexer *lx, HclPos from, HclPos to, const char *fmt, ...) PRINTF(4, 5);
bool hcl_is_space(uint32_t cp);         /* Unicode white space, as strip markers trim it */
enum { HCL_MAX_ERRORS = 20 };           /* syntax errors reported per file before giving up */

/* --------------------------------------------- load_json.c load_yaml.c */

/*
 * JSON with positions (jansson keeps none): one value, or a concatenation of
 * values (as `aws ... > file` appends them), returned as V_LIST with
 * `*count` > 1.  Duplicate keys are KG108 (the last value wins); nesting
 * over LIMIT_DEPTH and more than LIMIT_VALUES values are KG102.  Every value and key has its Loc.  Numbers
 * keep their spelling in `s`; `num` is strtod's value (+-inf for 1e400,
 * 1e23 for 99999999999999999999999) and VF_INTEGER + `i` are set when the
 * spelling has no fraction or exponent and fits in int64.  A lone UTF-16
 * surrogate escape reads as U+FFFD with a KG103 warning; a UTF-8 BOM is
 * skipped.  NULL (and *count 0) after a KG101, KG102 or KG103 diagnostic.
 */
Value *json_load(Arena *a, const SrcFile *f, int *count);

/*
 * YAML (libyaml events, marks kept) into one Value per document; an empty
 * document is V_NULL.  Scalars are typed as Kubernetes' YAML reader
 * (sigs.k8s.io/yaml on go-yaml v2) types them: null/~/empty, the YAML 1.1
 * booleans (yes/no/on/off too), ints (0x, 0o, legacy 0 octal, 0b, '_'),
 * floats (.inf, .nan), everything else a string; quoted scalars are strings
 * with VF_QUOTED; !!str !!int !!float !!bool !!null are honoured (KG106 when
 * the text does not fit the tag).  Every scalar keeps its spelling in `s`.
 * Aliases share the anchored subtree within LIMIT_ALIAS_NODES and
 * LIMIT_DEPTH; merge keys '<<' are applied; duplicate keys are KG108;
 * nesting, values and documents are bounded by LIMIT_DEPTH, LIMIT_VALUES
 * and LIMIT_DOCUMENTS (KG102).
 * Returns the number of documents, or -1 after a KG101/KG102/KG103/KG111
 * diagnostic (KG111 replaces KG101 when unrendered template markers explain
 * the error).  *docs is NULL-terminated, so the documents read before an
 * error are there too.
 */
int yaml_load(Arena *a, const SrcFile *f, Value ***docs);
/*
 * The same, one document at a time: yaml_stream_next() builds the next
 * document in `doc_arena` (1; 0 at the end, -1 after an error, which
 * ends the stream); close reports the per-file summaries and returns what
 * yaml_load() would.  `per_doc`: LIMIT_VALUES counts each document, for a
 * caller that holds one document at a time.  NULL after a KG103.
 */
typedef struct YamlStream YamlStream;
YamlStream *yaml_stream_open(Arena *a, const SrcFile *f, bool per_doc);
int yaml_stream_next(YamlStream *s, Arena *doc_arena, Value **doc);
int yaml_stream_close(YamlStream *s);
/* What a plain (unquoted, untagged) scalar with this text reads as. */
VKind yaml_plain_kind(const char *s, size_t n);

/* ------------------------------------------------------------- options */

typedef enum Identity { ID_POD_IDENTITY, ID_IRSA } Identity;

/*
 * A supported Karpenter release: one row of versions.def.  What differs
 * between releases is a column, so code asks the row (kv_serves(), kv_has())
 * and never compares version numbers.
 */
typedef enum KarpApi {
	API_ALPHA = 1 << 0,      /* karpenter.sh/v1alpha5, karpenter.k8s.aws/v1alpha1 */
	API_BETA = 1 << 1,       /* v1beta1 */
	API_V1 = 1 << 2,         /* v1 */
	API_OVERLAY = 1 << 3,    /* NodeOverlay karpenter.sh/v1alpha1 */
} KarpApi;

typedef enum KarpFeature {
	KF_PROVISIONER_NAME = 1 << 0,  /* nodes carry karpenter.sh/provisioner-name; IAM conditions use it */
	KF_ZONE_ID_LABEL = 1 << 1,     /* the topology.k8s.aws/zone-id label (0.34+) */
	KF_BUDGETS = 1 << 2,           /* disruption budgets (0.34+) */
	KF_AL2023 = 1 << 3,            /* the AL2023 AMI family (0.35+) */
	KF_K8S_IO_RESERVED = 1 << 4,   /* CEL reserves the kubernetes.io / k8s.io label domains (until 1.9) */
	KF_INSTANCE_STORE = 1 << 5,    /* EC2NodeClass instanceStorePolicy (RAID0, 0.34+) */
	KF_WINDOWS2025 = 1 << 6,       /* the Windows2025 family and windows2025 alias (not in 1.0's CRDs; in 1.9's) */
	KF_WELL_KNOWN_VALUES = 1 << 7, /* the controller refuses In requirements with no known value (core 1.5+) */
	KF_KUBELET_OPEN_MAP = 1 << 8,  /* EC2NodeClass.spec.kubelet an open map checked by the controller (1.15+) */
	KF_PUBLIC_IP = 1 << 9,         /* EC2NodeClass associatePublicIPAddress (0.34+) */
	KF_CAPACITY_RESERVATION = 1 << 10, /* EC2NodeClass capacityReservationSelectorTerms, capacity type reserved (1.3+) */
	KF_PLACEMENT_GROUP = 1 << 11,  /* EC2NodeClass placementGroupSelector, placement-group-partition requirement (1.14+) */
	KF_TENANCY = 1 << 12,          /* the karpenter.k8s.aws/instance-tenancy requirement (default, dedicated) */
	KF_NETWORK_INTERFACES = 1 << 13, /* EC2NodeClass networkInterfaces: interface | efa-only (1.11+) */
	KF_EFA = 1 << 14,              /* EFA interfaces for pods that request vpc.amazonaws.com/efa (0.33+) */
} KarpFeature;

typedef struct KarpRelease {
	const char *name;        /* "1.14.1" */
	unsigned apis;           /* KarpApi */
	unsigned features;       /* KarpFeature */
	const char *chart_tag;   /* the Helm chart's tag: "v0.32.10", "1.14.1" */
	int k8s_min, k8s_max;    /* Kubernetes 1.x minors supported */
	const char *helm_cluster_name, *helm_queue;  /* value paths, dotted */
} KarpRelease;

typedef struct KarpVersion {
	int major, minor, patch;
	const char *name;        /* the supported version it resolved to: "1.14.1" */
	const char *requested;   /* as given */
	const KarpRelease *rel;  /* its row of versions.def */
} KarpVersion;

typedef struct Options {
	const char *command;
	KarpVersion kv;
	DiagOutput out;
	bool werror;
	Severity fail_on;               /* --fail-on: the lowest severity that makes exit status 1 */
	const char *cluster_name, *region, *account_id, *partition;
	Identity identity;
	bool identity_set;
	const char *ami_alias;          /* FAMILY@VERSION */
	const char *kubernetes_version; /* --kubernetes-version 1.N: the cluster's, over the inputs' */
	const char *karpenter_nodegroup;
	/* --ami-family GROUP=FAMILY: the bootstrap of a group's custom AMI, where no input says it */
	const char *ami_families[LIMIT_AMI_FAMILIES];
	int n_ami_families;
	const char *output_dir;         /* -o */
	bool force;                     /* --force: -o may replace an earlier kit with edits */
	const char *convert_to;         /* --to v1|v1beta1 */
	const char *config_path;        /* --config FILE; "" after --no-config */
	bool strict_refs;               /* validate --strict-refs */
	bool hook;                      /* --hook: the inputs are a commit's changed files (pre-commit) */
	const struct Config *config;    /* the project file in effect, or NULL */
	Placeholders placeholders;      /* --allow-placeholder, then the project file's */
	bool json;                      /* parse --json */
	bool widen_spot;                /* --widen-spot */
	int ninputs;
	const char **inputs;
} Options;

/* ---------------------------------------------------------------- config.c */

/* The project file .karpgen.yaml (libcyaml adapter; docs/karpgen.1 FILES). */
typedef struct Config {
	const char *path, *dir;               /* the file, and the directory exclude patterns are written from */
	const char *karpenter_version;        /* NULL: not set */
	int disable[RULE_COUNT];
	unsigned ndisable;
	int severity_rule[3 * RULE_COUNT];
	Severity severity[3 * RULE_COUNT];
	unsigned nseverity;
	const char **exclude;
	unsigned nexclude;
	Pattern *placeholders[LIMIT_PLACEHOLDERS];  /* `placeholders:`, compiled (see Placeholders) */
	unsigned nplaceholders;
} Config;

/* .karpgen.yaml in the input's directory or the nearest one above it; NULL: none. */
const char *config_find(Arena *a, const char *input);
/* Load and check the file; false after a message on stderr (a usage error). */
bool config_load(Arena *a, const char *path, Config *cfg);
/* Whether the config's exclude patterns skip this input path. */
bool config_excluded(const Config *cfg, const char *path);

/* ------------------------------------------------------------ versions.c */

/* The supported Karpenter releases (versions.def), oldest first; the last is the default. */
extern const KarpRelease karpenter_releases[];
extern const int karpenter_release_count;
/* Resolve "X.Y" or "X.Y.Z" (a leading 'v' allowed) to the row of its release line; false when
 * the table has no such line. */
bool karpenter_version_pick(const char *text, KarpVersion *out);
/* The known versions as "0.29.2, 0.32.10 ... and 1.14.1", for a diagnostic. */
const char *karpenter_version_list(void);
/* X.Y.Z of "vX.Y[.Z]" (patch 0 when missing); false when the text is no version. */
bool version_numbers(const char *text, int v[3]);
/*
 * Where a version the inputs pin sits in versions.def, and the row whose data
 * stands for it (*near): the row of its X.Y line (KNOWN), the newest older row
 * (BETWEEN: a line karpgen has no row for, such as 0.37), the oldest row
 * (OLDER), the newest row (NEWER: after every release karpgen knows); NULL
 * for INVALID.
 */
typedef enum { PIN_INVALID, PIN_KNOWN, PIN_BETWEEN, PIN_OLDER, PIN_NEWER } PinPlace;
PinPlace karpenter_pin_place(const char *text, const KarpRelease **near);
/* A release an upgrade must stop at (versions.def KARPENTER_STOP). */
typedef struct KarpStop {
	const char *release, *from_below, *to_from, *what, *before_leaving;
} KarpStop;
/*
 * The stops an upgrade from version text `from` to `to` must make, oldest
 * first, at most max of them; 0: one `helm upgrade` does (or `from` is no
 * version).
 */
int karpenter_upgrade_stops(const char *from, const KarpRelease *to, const KarpStop **out, int max);
/* The KARPENTER_CHANGE rows an upgrade (or downgrade) between the two crosses, as Markdown list items. */
void karpenter_semantic_changes(const char *from, const KarpRelease *to, Buf *b);
/* The position of release `name` in versions.def (older first); -1 when not there. */
int karpenter_release_index(const char *name);
/* The oldest supported release with all of `features` / serving all of `apis`; NULL if none. */
const KarpRelease *karpenter_first_with(unsigned features, unsigned apis);
static inline bool kv_serves(const KarpVersion *kv, unsigned apis) { return (kv->rel->apis & apis) == apis; }
static inline bool kv_has(const KarpVersion *kv, unsigned features) { return (kv->rel->features & features) == features; }

/* The minor of a Kubernetes version "1.N"; -1 for anything else (an expression, "2.0", "1.30.1"). */
int kube_minor(const char *s);
/*
 * The AMI releases (data/ami-releases.tsv, embedded; refreshed by
 * scripts/gen-ami-releases.py) of the alias families the EKS-optimized AMIs'
 * release log has (al2023, al2) and of Bottlerocket (its tags' variants): which Kubernetes minors a release has AMIs for (bit N: 1.N),
 * the newest release with AMIs for a minor (minor < 0: the newest of all; NULL:
 * none), and the date of the data ("2026-07-14"; NULL if it has none).
 */
bool ami_family_known(const char *family, size_t flen);
bool ami_release_minors(const char *family, size_t flen, const char *release, size_t rlen, uint64_t *minors);
const char *ami_release_newest(Arena *a, const char *family, int minor);
/* The releases of `family` nearest to `release` (not in the data) on each side; NULL: none that side. */
void ami_release_neighbours(Arena *a, const char *family, size_t flen, const char *release, size_t rlen,
    const char **older, const char **newer);
/* The last Kubernetes minor of a family whose AMIs ended (data's `# ended:`, AL2: 32); -1: goes on. */
int ami_family_ended(const char *family);
/* The newest Kubernetes minor any release of the family has AMIs for in the data; -1: none. */
int ami_family_max_minor(const char *family);
const char *ami_data_date(void);
/*
 * What changes from release `from` to `to`, from the columns of versions.def:
 * the APIs served, behaviour (KF_*), renamed Helm values and chart tag format,
 * the Kubernetes range; Markdown list items appended to b (none: nothing).
 */
void karpenter_changes(const KarpRelease *from, const KarpRelease *to, Buf *b);

/* ------------------------------------------------------------------ IR */

/*
 * Where an IR value came from.  Every field keeps its Loc: for ORIGIN_INPUT
 * the value itself; for ORIGIN_DEFAULT the place that made the default apply
 * (the group's key, or the `optional(T, default)` in a variables.tf); for
 * ORIGIN_OPTION no file; for ORIGIN_DERIVED the value it was derived from.
 */
typedef enum Origin { ORIGIN_NONE, ORIGIN_INPUT, ORIGIN_DEFAULT, ORIGIN_OPTION, ORIGIN_DERIVED } Origin;

/* A scalar field.  `set` false: no input gave it.  `unknown`: an input gave an
 * expression that cannot be evaluated offline (`expr` is its source text). */
typedef struct SVal {
	const char *s;
	Loc loc;
	Origin origin;
	bool set, unknown;
	const char *expr;
} SVal;

/*
 * A value karpgen can use as written: set, not an expression, not empty (the
 * one test of lowering and the checks).  A template placeholder is already
 * unknown: the value converters (sval_of) make it so; shell text, read
 * verbatim, keeps its ${VAR} as the shell's.
 */
static inline bool
sval_ok(const SVal *v)
{
	return v->set && !v->unknown && v->s && *v->s;
}

typedef struct IVal {
	int64_t v;
	Loc loc;
	Origin origin;
	bool set, unknown;
	const char *expr;
} IVal;

typedef struct BVal {
	bool v;
	Loc loc;
	Origin origin;
	bool set, unknown;
	const char *expr;
} BVal;

typedef struct SList {
	SVal *v;
	int n;
	/* the entries v has room for, kept by ld_list_add() / ld_kv_add() alone; 0: unknown (an
	 * array of exactly n, or one a copy of the list shares), and the next add copies it */
	int cap;
	Loc loc;                /* the list as a whole */
	Origin origin;
	bool set, unknown;
	const char *expr;
} SList;

typedef struct KV {
	SVal key, value;
} KV;

typedef struct KVList {
	KV *v;
	int n;
	/* the entries v has room for, kept by ld_list_add() / ld_kv_add() alone; 0: unknown (an
	 * array of exactly n, or one a copy of the list shares), and the next add copies it */
	int cap;
	Loc loc;
	Origin origin;
	bool set, unknown;
	const char *expr;
} KVList;

/* Effects are kept as written; taint_effect_k8s() maps NO_SCHEDULE -> NoSchedule. */
typedef struct Taint {
	SVal key, value, effect;
	Loc loc;
	Origin origin;
} Taint;

typedef enum Arch { ARCH_UNKNOWN, ARCH_AMD64, ARCH_ARM64, ARCH_MIXED } Arch;
typedef enum Accel { ACCEL_NONE, ACCEL_NVIDIA, ACCEL_NEURON, ACCEL_OTHER } Accel;

typedef enum NGSource {
	NGS_DOMINO,          /* default_node_groups / additional_node_groups / karpenter_node_groups */
	NGS_TF_EKS_MODULE,   /* terraform-aws-modules/eks eks_managed_node_groups / self_managed_node_groups */
	NGS_BLUEPRINTS_V4,   /* EKS Blueprints v4 managed_node_groups */
	NGS_TF_RESOURCE,     /* resource "aws_eks_node_group" */
	NGS_AWS_CLI,         /* describe-nodegroup / describe-auto-scaling-groups */
	NGS_EKSCTL,          /* managedNodeGroups / nodeGroups */
} NGSource;

typedef enum NGRole { ROLE_MIGRATE, ROLE_KARPENTER_HOME } NGRole;

/* A node-group setting the kit does not reproduce (KG240, REPORT.md "Not carried"): the loader records it. */
typedef struct NotCarried {
	const char *setting;     /* as the input spells it: "efaEnabled", "iam.attachPolicyARNs" */
	const char *why;         /* what Karpenter does instead, or how to carry it by hand */
	Loc loc;
	Origin origin;           /* ORIGIN_DEFAULT: a default of the tool that made the group, not written */
} NotCarried;

/*
 * A network interface of a group's launch template (network_interfaces,
 * NetworkInterfaces), or one the module makes for EFA (enable_efa_only,
 * resolve.c): where it is and its type; lower.c writes the list as the
 * EC2NodeClass networkInterfaces where the target has them.
 */
typedef struct NetIf {
	int64_t card, device;    /* network card index, device index */
	const char *type;        /* "interface", "efa" (ENA and EFA), "efa-only" */
	Loc loc;
} NetIf;

/* An EBS volume of a group beyond its root volume: a data volume on its own device (blockDeviceMappings). */
typedef struct Volume {
	SVal device, type, kms_key, snapshot;
	IVal size, iops, throughput;   /* GiB, IOPS, MiB/s */
	BVal encrypted, delete_on_termination;
	Loc loc;
} Volume;

typedef struct NodeGroup {
	SVal name;               /* the group's real name (name / node_group_name field, else the map key) */
	SVal key;                /* the map key, when the real name is another: an alias users may give */
	Loc loc;                 /* the group's definition */
	NGSource source;
	const char *kind;        /* dialect detail: "default_node_groups", "eks_managed_node_groups", "managedNodeGroups" ... */
	NGRole role;
	const char *role_why;    /* why it runs Karpenter: "karpenter_node_groups", "--karpenter-nodegroup", "named 'system'" */
	bool proposed;           /* added by resolve_propose_home(): the group step 1 of the migration adds */
	bool self_managed;       /* ASG not managed by EKS (self_managed_node_groups, eksctl nodeGroups) */

	SList zones;             /* as written: AZ ids or names (the other spelling: ng_zones_as()) */
	SList subnet_ids;
	SList instance_types;
	/* the capacity units each of instance_types counts for in max_size (an ASG's WeightedCapacity,
	 * tfeks weighted_capacity): parallel to instance_types; empty: each instance counts 1 */
	VEC(IVal) type_weights;
	SVal capacity_type;      /* ON_DEMAND | SPOT (EKS spelling) */
	SVal ami_type;           /* AL2_x86_64, AL2023_x86_64_STANDARD, BOTTLEROCKET_ARM_64, CUSTOM ... */
	SVal ami_id;             /* custom AMI */
	SVal ami_family;         /* eksctl amiFamily, user_data_type */
	SVal release_version;    /* the EKS AMI release a managed group runs ("1.29.3-20240531") */
	SVal ami_release;        /* resolve: the alias version release_version pins ("v20240531"); unset: none */

	IVal volume_size;        /* GiB */
	SVal volume_type;
	IVal volume_iops, volume_throughput;
	SVal root_device;        /* the input's root device name (eksctl volumeName ...), else the AMI family's */
	bool root_mapped;        /* the root settings are a block-device mapping of the root device (resolve) */
	BVal volume_encrypted;
	SVal volume_kms_key;     /* the root volume's KMS key (eksctl volumeKmsKeyID, ebs.kms_key_id) */
	SVal volume_snapshot;    /* the root volume's EBS snapshot (a root mapping's snapshot_id, SnapshotId) */
	BVal volume_delete;      /* the root volume's delete-on-termination */
	VEC(Volume) volumes;     /* data volumes: each keeps its own device */
	BVal instance_store_raid0; /* instance-store NVMe disks as one RAID0 array (setup-local-disks raid0) */
	BVal detailed_monitoring;  /* CloudWatch detailed monitoring (enable_monitoring, enableDetailedMonitoring) */
	BVal public_ip;          /* a public IPv4 address on each node (public_ip) */
	BVal cluster_primary_sg; /* the cluster's primary security group on the nodes (attach_cluster_primary_security_group) */
	/*
	 * a targeted On-Demand Capacity Reservation (capacity_reservation_target,
	 * CapacityReservationTarget): its ids become capacityReservationSelectorTerms
	 * and the capacity type `reserved`; cr_only (preference
	 * capacity-reservations-only) drops the on-demand fallback
	 */
	SList cr_ids;
	BVal cr_only;
	/*
	 * the group's placement (ld_placement()): the placement group by name or
	 * id (EC2NodeClass placementGroupSelector, one of the two), the partition
	 * its launch template pins (NodePool requirement placement-group-partition)
	 * and tenancy `dedicated` (NodePool requirement instance-tenancy)
	 */
	SVal pg_name, pg_id;
	IVal pg_partition;
	SVal tenancy;
	/* the key that makes the module create the group's placement group (create_placement_group,
	 * enable_efa_support), NULL: none; pg_name is then "<cluster>-<group>" once the cluster is read */
	const char *pg_module;
	/* the instances' Name tag a module makes with the cluster's name, which is known once every
	 * input and option is read: "${CLUSTER_NAME}" in it stands for the name (lower.c fills it, or
	 * keeps the placeholder the runbook fills); over the group's tags.  Unset: none, or the
	 * group's own tags name the instances */
	SVal name_tag;
	/*
	 * EFA: efa is set when the nodes have EFA interfaces (efaEnabled,
	 * enable_efa_support, an interface of type efa or efa-only); Karpenter
	 * attaches them for pods that request vpc.amazonaws.com/efa.  netifs are
	 * the interfaces as the input lays them out; netif_custom (resolve.c) says
	 * they are more than Karpenter attaches by itself (efa-only interfaces,
	 * extra ENIs): the EC2NodeClass networkInterfaces.  The module's
	 * enable_efa_only and efa_indices say which of its per-card interfaces
	 * are efa-only.
	 */
	BVal efa, efa_only, netif_custom;
	SList efa_indices;
	VEC(NetIf) netifs;

	KVList labels;
	VEC(Taint) taints;
	VEC(NotCarried) not_carried;
	KVList tags;

	IVal min_size, max_size, desired_size;  /* per group (per AZ group for Domino per-AZ expansion) */
	bool per_az;             /* the module creates one group per zone with these sizes */
	BVal single_nodegroup;   /* Domino */
	BVal gpu, neuron;        /* explicit flags of the input */
	IVal max_pods;
	/* the other fields of Karpenter's kubelet block (KubeletConfiguration JSON names, values in the
	 * CRDs' shapes: maps of strings, integers, a bool, a list of strings); NULL: none.  maxPods is max_pods */
	Value *kubelet;
	IVal max_lifetime;       /* seconds: the ASG's maximum instance lifetime (NodePool expireAfter); 0 none */
	SVal asg_name, nodegroup_arn, launch_template, node_role;
	SVal role_boundary;       /* the node role's permissions boundary (a policy ARN) */
	/* launch_template holds the id when the input gives one, else the name */
	SVal launch_template_name, launch_template_version;
	/* from a launch template (describe-launch-template-versions): not in the kit yet */
	SList security_groups;   /* SecurityGroupIds, else the primary network interface's Groups */
	SVal user_data;          /* UserData, base64 as written (a launch template's: listed, not carried) */
	/* user data the kit carries into the EC2NodeClass userData (lower.c merges them by AMI family) */
	SList pre_bootstrap;     /* shell (PowerShell on Windows) run before the node joins */
	SList nodeadm;           /* AL2023 NodeConfig documents (application/node.eks.aws) */
	SList bottlerocket_toml; /* Bottlerocket settings (TOML) */
	SList node_policies;     /* extra managed policies of the node role (ARNs) */
	SVal outpost_arn;        /* eksctl outpostARN: the group runs on an AWS Outpost (KG242) */
	/* IMDS options (launch template MetadataOptions, eksctl disableIMDSv1) */
	SVal metadata_http_tokens, metadata_http_endpoint;
	SVal metadata_http_ipv6; /* the IMDS IPv6 endpoint (HttpProtocolIpv6): enabled | disabled */
	IVal metadata_hop_limit;
	/* mixed instances (ASG InstancesDistribution, eksctl instancesDistribution) */
	IVal on_demand_base, on_demand_percent;
	BVal private_networking; /* eksctl: private subnets only */

	/* resolved from the catalogue */
	Arch arch;
	Accel accel;
	int64_t max_vcpu, max_memory_mib;  /* of the largest instance type */
	int64_t min_memory_mib;

	/* added by the Terraform front-ends (frontend-hcl) */
	const char *scope;       /* where the group is declared: "module.eks", "locals", "" (tfvars) */
	const char *defaults_from; /* whose defaults ORIGIN_DEFAULT values are: "module nodes", "terraform-aws-modules/eks" */
	bool eks_default_type;   /* instance_types is the EKS API's t3.medium: no input named a type (resolve.c) */
	SVal user_data_type;     /* Domino: AL2 / AL2023 (used with a custom AMI only) */
} NodeGroup;

/*
 * Add `n` to g's settings not carried unless a setting of that name is listed
 * already: each is listed once (the defaults' copy and the group's, a launch
 * template's linked to the group again).  True when added.
 */
static inline bool
ng_not_carried_add(Arena *a, NodeGroup *g, const NotCarried *n)
{
	for (int i = 0; i < g->not_carried.n; i++)
		if (strcmp(g->not_carried.v[i].setting, n->setting) == 0)
			return false;
	VEC_PUSH(a, g->not_carried, *n);
	return true;
}

typedef struct Zone {
	SVal name, id;
} Zone;

typedef struct Subnet {
	SVal id, zone_name, zone_id, vpc_id;
	KVList tags;
	bool cluster_subnet;     /* listed by describe-cluster resourcesVpcConfig */
} Subnet;

typedef struct Cluster {
	SVal name, region, partition, account_id, k8s_version, deploy_id;
	bool region_conflict;     /* inputs gave different regions (KG107) */
	SVal endpoint, vpc_id, cluster_sg, oidc_issuer;
	SList zones;              /* zones the cluster uses (eksctl availabilityZones, describe-cluster subnets) */
	VEC(Zone) zone_map;       /* AZ name <-> id, from describe-subnets / describe-availability-zones */
	VEC(Subnet) subnets;
	SList security_groups;
	BVal karpenter_enabled;
	SVal karpenter_version, karpenter_namespace;
	/* the Helm release of the chart the cluster runs (eksctl's karpenter: block, a helm_release's name,
	 * the controller Deployment's meta.helm.sh/release-name); with karpenter_namespace, where the kit goes */
	SVal karpenter_release;
	/* eksctl karpenter: createServiceAccount, withSpotInterruptionQueue, defaultInstanceProfile */
	BVal karpenter_service_account, karpenter_interruption_queue;
	SVal karpenter_instance_profile;
	KVList tags;              /* the cluster's own tags (describe-cluster, eksctl metadata.tags) */
	/* tags the tool that made the cluster puts on every node of every group, under the group's own
	 * (eksctl merges metadata.tags into each nodegroup's tags, its pkg/cfn/builder/nodegroup.go and
	 * managed_nodegroup.go; terraform-aws-modules/eks merge(var.tags, each.value.tags), node_groups.tf);
	 * never describe-cluster's: EKS does not put a cluster's tags on its nodes */
	KVList node_tags;
} Cluster;

typedef enum KApi { KAPI_V1ALPHA5, KAPI_V1ALPHA1, KAPI_V1BETA1, KAPI_V1, KAPI_OTHER } KApi;

/* A Kubernetes object read from a manifest (any kind; validate skips non-Karpenter ones). */
typedef struct KObject {
	const char *api_version, *kind, *name;
	KApi api;
	Loc loc;                  /* the document */
	Value *doc;
	int doc_index;            /* 0-based, within its file */
	const SrcFile *file;
} KObject;

/* An IAM policy document given as input (lint/validate). */
typedef struct PolicyDoc {
	const SrcFile *file;
	Value *doc;
} PolicyDoc;

typedef enum Dialect {
	D_UNKNOWN, D_HCL_TFVARS, D_HCL_TF, D_AWS_JSON, D_EKSCTL, D_K8S_YAML, D_IAM_JSON, D_HELM_VALUES,
} Dialect;

typedef struct Input {
	const SrcFile *file;
	Dialect dialect;
	const char *what;         /* "Domino tfvars", "describe-nodegroup" ... for `ir` and REPORT.md */
	Value *root;              /* HCL body / JSON value */
	Value **docs;             /* YAML documents */
	int ndocs;
	const char *syntax;       /* "hcl", "json", "yaml" */
	const char *flavour;      /* the front-end's finer dialect: "domino", "terraform-aws-modules/eks" ... */
	bool refused;             /* a KG104 or a syntax error was reported for it: no KG104/KG105 on top */
	bool skipped;             /* not a cluster input at all (KG104 of an unknown shape): --hook skips it */
} Input;

/*
 * Where the kit puts the Karpenter controller, derived once from the inputs
 * by resolve_controller() and read by every emitter (the IRSA subject, the
 * Helm values and the runbook's commands, REPORT.md, the Domino README).
 */
typedef struct KarpTarget {
	/* the namespace the inputs install Karpenter in, else kube-system (the getting-started guide),
	 * Domino's "karpenter" */
	const char *ns;
	const char *release;     /* the Helm release the kit installs or upgrades: the inputs', else "karpenter" */
	/* the chart's fullname for that release (the controller Deployment's and its ServiceAccount's name):
	 * the release name when it contains "karpenter", else RELEASE-karpenter (the chart's _helpers.tpl) */
	const char *fullname;
	const SVal *from;        /* why: the input that installs Karpenter there, or NULL */
	/* the inputs' namespace, release: an expression karpgen cannot evaluate offline, so ns or release is
	 * the default, assumed (a KG109 note, and REPORT.md says so); else NULL */
	const SVal *ns_unknown, *release_unknown;
} KarpTarget;

/* A key of an input no loader table names (KG110): REPORT.md lists it, as it is in no manifest of the kit. */
enum { UNKNOWN_KEYS_LISTED = 200 };
typedef struct UnknownKey {
	const char *key, *where;  /* "protect_from_scale_in", "node group sm" */
	Loc loc;
} UnknownKey;

typedef struct IR {
	Arena *arena;
	const Options *opt;
	VEC(Input *) inputs;
	Cluster cluster;
	KarpTarget controller;    /* resolve_controller() */
	VEC(NodeGroup *) groups;
	VEC(const SrcFile *) merged_from;  /* inputs whose groups were merged into another input's
	                                    * group of the same name (resolve.c): read, not empty */
	VEC(KObject *) objects;
	VEC(PolicyDoc) policies;
	VEC(UnknownKey) unknown_keys;  /* KG110 of the loaders' tables (ld_apply), for REPORT.md: the first
	                                * UNKNOWN_KEYS_LISTED, and how many more */
	int unknown_keys_more;
	bool domino;              /* a Domino module input: emit terraform/ changes */
	struct AwsLinks *aws;     /* load_awscli.c: launch templates and ASGs seen so far, to link
	                           * them to node groups whichever input comes first */
	struct TfState *tf;       /* tf_eval.c: variables and schemas collected across inputs */
	bool manifests_checked;   /* check_manifests() ran: the objects' KG3xx and KG230 are reported */
} IR;

/*
 * The first group that runs Karpenter, or NULL: derived from the groups'
 * roles, where the choice is stored once (resolve.c's make_home(), the
 * front-ends' own homes, resolve_propose_home()'s new group).
 */
static inline NodeGroup *
ir_home(const IR *ir)
{
	for (int i = 0; i < ir->groups.n; i++)
		if (ir->groups.v[i]->role == ROLE_KARPENTER_HOME)
			return ir->groups.v[i];
	return NULL;
}

/* names.c: the cluster's zone map entry whose id (by_id) or name is s, or NULL. */
const Zone *zone_lookup(const Cluster *cl, const char *s, bool by_id);
/*
 * names.c: a group's zones spelled as ids (ids) or as names: the zones as
 * written when they are that spelling, else each one's counterpart in the
 * cluster's zone map; unset when they mix the two, are unknown, or one has no
 * counterpart.  Derived on each call: a group stores its zones once, as written.
 */
SList ng_zones_as(const IR *ir, const NodeGroup *g, bool ids);
/* load.c: read every input, recognise its dialect by content, run its front-end. */
IR *ir_load(Arena *a, const Options *o);
/* Whether lint reads a file of this name found in a directory (.tf, .tfvars, .json, .yaml ...). */
bool load_input_name(const char *name);
/* The same on files already in memory (the fuzz targets); o->inputs is not read. */
IR *ir_load_files(Arena *a, const Options *o, SrcFile *const *files, int n);
/*
 * load_value.c: value -> IR field, the one family every front-end converts
 * with (the table of what each makes of each kind of input is
 * tests/unit/test_value_conv.c).  A NULL or null value gives an unset
 * field; an HCL expression or a CloudFormation intrinsic gives `unknown`
 * with its source text, and so does a template placeholder in a string
 * (KG111, a warning); a value of the wrong shape is KG106 naming `what`
 * and gives an unset field.  Every result keeps the value's Loc and
 * ORIGIN_INPUT (ORIGIN_DEFAULT when filled in from a type's default).
 * ival_of: every integer key is a count or a size: a negative is KG112;
 * 1.0 and "100" are whole numbers.
 */
SVal sval_of(IR *ir, const Value *v, const char *what);
SVal sval_verbatim(IR *ir, const Value *v, const char *what);   /* verbatim (shell text): no placeholders */
IVal ival_of(IR *ir, const Value *v, const char *what);
BVal bval_of(IR *ir, const Value *v, const char *what);
SList slist_of(IR *ir, const Value *v, const char *what);
KVList kvlist_of(IR *ir, const Value *v, const char *what);
/*
 * The Karpenter release a tag names, from byte `skip` of string `v` on: a
 * chart label ("karpenter-1.0.6", skip 10), an image tag ("1.0.6",
 * "v0.37.0@sha256:..."; the digest is cut).  Unset when the text is no
 * release number ("latest", a placeholder), so it pins nothing.
 */
SVal sval_karpenter_tag(IR *ir, const Value *v, size_t skip, const char *what);
/* a value karpgen supplies */
static inline SVal
sval_lit(const char *s, const Loc *loc, Origin o)
{
	SVal r = { .s = s, .origin = o, .set = true };
	if (loc)
		r.loc = *loc;
	return r;
}
/*
 * Set a cluster-level value found in an input.  An option keeps its value; a
 * value already set by another input and different is KG107 at `v` with a
 * note at the first place (the first value is kept).
 */
void ir_set_sval(IR *ir, SVal *slot, const SVal *v, const char *what);
NodeGroup *ir_new_group(IR *ir, NGSource src, const char *kind, const Loc *loc);
bool sval_eq(const SVal *a, const SVal *b);
/* arena.c: an expression on one line, at most 60 characters and "...": for messages. */
const char *expr_brief(Arena *a, const char *expr);
/* load_tf.c, load_awscli.c, load_eksctl.c, load_k8s.c: one front-end per family. */
void load_hcl_input(IR *ir, Input *in);
void load_aws_json(IR *ir, Input *in);
void load_eksctl(IR *ir, Input *in);
void load_k8s_docs(IR *ir, Input *in);
/* load_tf.c: after every input is read: variables.tf schemas applied, Domino groups built. */
void load_hcl_finish(IR *ir);
/* resolve.c: defaults, per-AZ expansion, arch and accelerators, the Karpenter home. */
void ir_resolve(IR *ir);
/* AWS's rule for each kind of name karpgen reads or derives (a table in pattern.c, beside the patterns) */
typedef enum AwsName { AWS_NODEGROUP, AWS_ASG, AWS_IAM_ROLE, AWS_IAM_POLICY, AWS_SQS_QUEUE, AWS_CLUSTER,
	AWS_K8S_NAMESPACE, AWS_HELM_RELEASE } AwsName;
/* false, after a located KG112 error (at `loc`, or none when NULL), when `s` breaks the rule for `kind` */
bool aws_name_ok(AwsName kind, const char *s, const Loc *loc);
/* compile (and lint where Karpenter is coming), before the checks: every node group named (a placeholder
 * name is KG111); with no home named, the kit proposes one (KG206). */
void resolve_propose_home(IR *ir);
/* once the target Karpenter release is final: what it lacks of a group's settings, as NotCarried (KG240) */
void resolve_target_gates(IR *ir);
/* resolve.c, in ir_resolve(): where the kit puts the controller (ir->controller, KarpTarget). */
void resolve_controller(IR *ir);
/* ir_print.c: the canonical text of `karpgen ir`. */
void ir_print(FILE *out, const IR *ir);

/* -------------------------------------------------------------- inputs.c */

/*
 * Expand the PATH operands of a command: files as given, directories
 * recursed for *.yaml and *.yml in sorted order; at most LIMIT_INPUTS files
 * (KG102 beyond).  An unreadable path is KG100; a link out of the tree or to
 * a directory read already is skipped with a KG100 warning; a file reached
 * twice is read once.  Returns the number of files.
 */
int inputs_expand(Arena *a, const char *const *paths, int n, const char ***files);
/* The same walk, taking the files of a directory whose name `want` accepts (lint: load_input_name). */
int inputs_walk(Arena *a, const char *const *paths, int n, bool (*want)(const char *name), const char ***files);
/* Drop the operands naming a file an earlier one names (same device and inode); returns how many are left. */
int inputs_unique(Arena *a, const char **paths, int n);
/* ------------------------------------------------------------ tf_types.c */

/*
 * Terraform type constraints (`object({...})`, `optional(T, default)`,
 * `map(T)`, `list(T)` ...), read from a variable block's `type` expression,
 * and the conversion Terraform applies to a variable's value: optional
 * attributes get their defaults (marked VF_DEFAULT), strings and numbers
 * convert where Terraform converts them, a missing required attribute or a
 * value of the wrong shape is KG106, an attribute the type lacks is KG110.
 */
typedef enum TyKind {
	TY_ANY, TY_STRING, TY_NUMBER, TY_BOOL, TY_LIST, TY_SET, TY_MAP, TY_OBJECT, TY_TUPLE,
} TyKind;

typedef struct TfType TfType;
typedef struct TyAttr {
	const char *name;
	Loc loc;
	TfType *type;
	bool optional;
	Value *dflt;             /* optional(T, dflt); NULL: no default (null) */
	Loc dflt_loc;
} TyAttr;

struct TfType {
	TyKind kind;
	Loc loc;
	TfType *elem;            /* list, set, map */
	TyAttr *attrs;           /* object */
	int nattrs;
	TfType **elems;          /* tuple */
	int nelems;
};

typedef struct TfConv {
	Arena *a;
	const Loc *default_at;   /* where defaults "come from" when the schema is built in; NULL: their own place */
	const char *schema_name; /* for KG110 notes: "the Domino module's node-group object" */
	bool quiet;              /* no diagnostics (a value converted a second time) */
} TfConv;

/* Read the type at [off, end) of `f`; NULL after a KG106 diagnostic. */
TfType *tftype_parse(Arena *a, const SrcFile *f, size_t off, size_t end);
/* The type an HCL `type = ...` attribute holds (V_UNKNOWN from the parser, or an old quoted type). */
TfType *tftype_read(Arena *a, const Value *v);
/* A literal HCL value at [off, end) (the default values of optional()). */
Value *tf_literal_parse(Arena *a, const SrcFile *f, size_t off, size_t end);
Value *tftype_convert(TfConv *c, const TfType *t, const Value *v, const char *path);
/* A default value converted to its type (its own optional defaults applied), marked VF_DEFAULT. */
Value *tftype_default(TfConv *c, const TfType *t, const Value *dflt, const char *path);
const TyAttr *tftype_attr(const TfType *t, const char *name);

/* ------------------------------------------------------------- tf_eval.c */

/*
 * The Terraform evaluator shared by the Terraform front-ends (load_tf.c,
 * load_tfeks.c, load_domino.c): what every HCL input gave, collected until
 * all are read (ir->tf), and references followed to literal values.
 */
typedef struct TfDef {          /* a value given to a variable */
	const char *name;
	const Member *m;
	Input *in;
	const char *scope;          /* "" (tfvars), "inputs" (terragrunt), "module.x" (module argument) */
	bool used;                  /* consumed by a var.NAME reference or a front-end */
} TfDef;

typedef struct TfDecl {         /* a `variable "NAME" {}` block */
	const char *name;
	const Value *body;
	Input *in;
	TfType *type;
	bool read;                  /* type read (or tried) */
} TfDecl;

typedef struct TfLocal {
	const Member *m;
	Input *in;
	bool used;
} TfLocal;

struct TfState {
	VEC(TfDef) defs;
	VEC(TfDecl) decls;
	VEC(TfLocal) locals;
	VEC(Input *) configs;       /* .tf inputs, scanned at the end */
	VEC(Input *) varfiles;      /* .tfvars inputs */
};

typedef struct TfState TfState;

/*
 * The bodies of the blocks of one type: root[type] is a list of bodies
 * (no label) or maps keyed by each label ending in lists of bodies.  `fn`
 * gets the labels joined with '.' ("aws_eks_node_group.this").
 */
typedef void (*TfBlockFn)(IR *ir, Input *in, const char *labels, const Value *body, void *arg);

struct TfState *tf_state(IR *ir);
void tf_each_block(IR *ir, Input *in, const char *type, TfBlockFn fn, void *arg);
TfDef *tf_find_var(struct TfState *st, const char *name);
TfDecl *tf_find_decl(IR *ir, const char *name);
TfType *tf_decl_type(IR *ir, TfDecl *d);
/* `var.NAME` to a tfvars value or the declared default, `local.NAME` to a locals entry; else v itself. */
const Value *tf_follow(IR *ir, const Value *v);
const Value *tf_get(IR *ir, const Value *body, const char *key);
bool tf_is_null(const Value *v);
/* KG107 where `b` (a later input) differs from `a` (kept), down to the innermost key. */
void tf_compare(IR *ir, const char *path, const Value *a, const Loc *aloc, const Value *b, const Loc *bloc,
    const SrcFile *afile, const SrcFile *bfile, int depth);
/* KG111 for every envsubst placeholder under v. */
void tf_check_placeholders(Arena *arena, const Value *v, int depth);


/* load_tfeks.c: terraform-aws-modules/eks, EKS Blueprints v4, aws_eks_node_group, cloudposse. */
bool tfeks_module_call(IR *ir, Input *in, const char *label, const Value *body);
bool tfeks_submodule_call(IR *ir, Input *in, const char *label, const Value *body);
void tfeks_resource(IR *ir, Input *in, const char *labels, const Value *body, void *arg);
void tfeks_terragrunt(IR *ir);
void tfeks_locals_groups(IR *ir);
void tfeks_vars_groups(IR *ir);
void tfeks_cloudposse_group(IR *ir, Input *in);

/* load_domino.c: the Domino EKS module's node groups, from a module call or its tfvars. */
bool domino_module_call(IR *ir, Input *in, const char *label, const Value *body);
void domino_from_vars(IR *ir);

/* ----------------------------------------------------------- load_value.c */

/*
 * What the table-driven front-ends share.  A front-end describes the keys it
 * understands as a table of FieldDef rows (key, setter, slot offset, nested
 * table), in the style of nginx's ngx_command_t, and ld_apply() walks a map
 * through it: known keys go to their setter, unknown keys are a KG110
 * warning (with a "did you mean" note) where the dialect is closed.
 */
typedef struct LoadCtx {
	IR *ir;
	Input *in;
	const char *dialect;   /* for messages: "eksctl", "describe-nodegroup" ... */
	bool warn_unknown;     /* KG110 for keys no row names (AWS outputs gain keys: off there) */
	bool pascal;           /* keys may start upper case (CloudFormation's spelling of the EKS API) */
	const char *path;      /* Terraform: the group's path for messages ("default_node_groups.compute") */
	/* Terraform: each value is followed first (var.NAME, local.NAME; tf_follow) */
	const Value *(*follow)(IR *ir, const Value *v);
	bool null_resets;      /* Terraform: a null (or wrong) argument unsets the slot (the module's default) */
} LoadCtx;

typedef struct FieldDef FieldDef;
typedef void (*FieldSet)(LoadCtx *c, void *obj, const Value *v, const FieldDef *f);
struct FieldDef {
	const char *key;
	FieldSet set;
	size_t off;            /* offsetof the slot in obj, for the slot setters */
	const FieldDef *sub;   /* fs_sub: the nested table, applied to the same obj */
};

/*
 * Slot setters: the slot at obj + f->off, converted by the one family
 * (sval_of ...), named c->path.key when c->path is set.  A null value leaves
 * the slot as it was, unless c->null_resets.
 */
void fs_str(LoadCtx *c, void *obj, const Value *v, const FieldDef *f);    /* SVal */
void fs_int(LoadCtx *c, void *obj, const Value *v, const FieldDef *f);    /* IVal, >= 0 */
void fs_bool(LoadCtx *c, void *obj, const Value *v, const FieldDef *f);   /* BVal */
void fs_list(LoadCtx *c, void *obj, const Value *v, const FieldDef *f);   /* SList */
void fs_kv(LoadCtx *c, void *obj, const Value *v, const FieldDef *f);     /* KVList from a map */
void fs_cluster(LoadCtx *c, void *obj, const Value *v, const FieldDef *f); /* SVal of the cluster: ld_cluster() */
void fs_sub(LoadCtx *c, void *obj, const Value *v, const FieldDef *f);    /* nested map, f->sub */
void fs_ignore(LoadCtx *c, void *obj, const Value *v, const FieldDef *f); /* known, not needed */
/* taints as a list of {key, value, effect} or a map of name -> {key, value, effect} */
void tf_set_taints(LoadCtx *c, void *obj, const Value *v, const FieldDef *f);
#define TF_FIELD(k, set, member) { k, set, offsetof(NodeGroup, member), NULL }
#define TF_SETTER(k, fn) { k, fn, 0, NULL }
#define TF_IGNORE(k) { k, fs_ignore, 0, NULL }

void ld_apply(LoadCtx *c, const FieldDef *t, void *obj, const Value *map, const char *where);
const FieldDef *ld_find(const LoadCtx *c, const FieldDef *t, const char *key);
void ld_kv_add(Arena *a, KVList *l, const SVal *key, const SVal *value);
void ld_list_add(Arena *a, SList *l, const SVal *item);
void ld_kv_merge(Arena *a, KVList *into, const KVList *from);  /* adds the keys `into` lacks */
/* capacity_type SPOT or ON_DEMAND from on_demand_base/percent, when unset and they say so plainly. */
/* `setting`: the distribution's name in the input, for the KG240 of a split the kit cannot keep */
void ld_capacity_from_distribution(LoadCtx *c, NodeGroup *ng, const char *setting);
Subnet *ld_subnet(IR *ir, const SVal *id);   /* the cluster's subnet with that id, added if new */
/* A cluster-wide value found in an input: set it, or KG107 when an earlier input said otherwise. */
void ld_cluster(LoadCtx *c, SVal *slot, const SVal *val, const char *what);
/* Region, account and partition from an ARN (arn:PART:SERVICE:REGION:ACCOUNT:...). */
void ld_cluster_from_arn(LoadCtx *c, const SVal *arn);
/* The table key nearest to `key` by edit distance, or NULL when none is close. */
const char *ld_nearest(const FieldDef *t, const char *key);
const char *ld_a_kind(VKind k);   /* "a list", "an object" ... for messages */
/*
 * KG240: a setting of `ng` the kit does not carry, recorded with the reason
 * ld_why_not() gives (REPORT.md "Not carried"); one not written (null,
 * false, empty) is not recorded.  fs_not_carried: the FieldDef row form, on
 * the NodeGroup at obj + f->off.  ld_not_carried_at: with a reason of its
 * own (one that names values), and for a setting the inputs do not write
 * but the tool that made the group applies by default: ORIGIN_DEFAULT, at
 * the place that made the default apply.
 */
void ld_not_carried(LoadCtx *c, NodeGroup *ng, const char *setting, const Value *v);
void ld_not_carried_at(LoadCtx *c, NodeGroup *ng, const char *setting, const char *why, const Loc *at, Origin o);
/* A launch template's tags for resources of type `rtype` (TagSpecifications, tag_specifications):
 * the nodes' tags, or KG240 (ld_tag_spec() says which); the `instance` ones first. */
void ld_tag_spec(LoadCtx *c, NodeGroup *g, const char *setting, const char *rtype, const KVList *tags, const Loc *at);
void fs_not_carried_unless_default(LoadCtx *c, void *obj, const Value *v, const FieldDef *f);
void fs_not_carried(LoadCtx *c, void *obj, const Value *v, const FieldDef *f);
/*
 * A capacity reservation specification, the front-end's keys already looked
 * up (any may be NULL) and named as the front-end spells them (names: the
 * preference, id and resource-group keys): a literal reservation id into
 * ng->cr_ids; a resource group, an id karpgen cannot evaluate or an
 * untargeted "open" preference is not carried; preference "none" says nothing
 */
/* the parts of an EC2 placement (launch template Placement, its Terraform block, eksctl placement) */
enum { PL_GROUP_NAME, PL_GROUP_ID, PL_PARTITION, PL_TENANCY, PL_HOST_ID, PL_HOST_RG, PL_AFFINITY, PL_ZONE,
	PL_SPREAD, PL_N };
/* names[k]: the part's key ("" for a setting that is the part itself), NULL for a part the input has not */
void ld_placement(LoadCtx *c, NodeGroup *ng, const char *setting, const Value *spec, const Value *const parts[PL_N],
    const char *const names[PL_N]);
void ld_capacity_reservation(LoadCtx *c, NodeGroup *ng, const char *setting, const Value *spec,
    const Value *pref, const Value *id, const Value *rg_arn, const char *const names[3]);
/*
 * A launch template's spot request options (Terraform spot_options, the EC2
 * API's SpotOptions), the front-end's keys already looked up (any may be
 * NULL): KG240 `setting` unless they are what Karpenter's spot launches get
 * (no maximum price, duration or end date; one-time; terminate on interruption)
 */
enum { SO_MAX_PRICE, SO_INTERRUPTION, SO_REQUEST_TYPE, SO_DURATION, SO_VALID_UNTIL, SO_N };
void ld_spot_options(LoadCtx *c, NodeGroup *ng, const char *setting, const Value *spec, const Value *const parts[SO_N]);
const char *ld_why_not(const char *setting);   /* NULL: the table has no reason for it */
/*
 * A launch template's network interfaces (Terraform network_interfaces, or
 * the EC2 API's NetworkInterfaces) into ng->netifs and ng->efa:
 * card, device and type are carried (lower.c); the primary's security
 * groups and public IP are the group's when it has none; every other field
 * of an interface is KG240 as `<setting>.<field>`.  A layout EC2 refuses
 * (no primary at card 0 device 0, a place taken twice, two EFA on one card)
 * is KG112.
 */
void ld_netifs(LoadCtx *c, NodeGroup *ng, const char *setting, const Value *list);
/*
 * Kubelet settings into ng->kubelet (maxPods into max_pods): a field of
 * Karpenter's kubelet block (the same twelve in every CRD the kit targets)
 * whose value has its shape is carried, a setting the group already has
 * keeps its value; anything else is KG240 as `<what>.<field>`.
 * fs_kubelet_config: eksctl kubeletExtraConfig (a map); fs_cluster_dns: its
 * clusterDNS (one address).
 */
void ld_kubelet_field(LoadCtx *c, NodeGroup *ng, const char *what, const char *field, const Value *v);
void fs_kubelet_config(LoadCtx *c, void *obj, const Value *v, const FieldDef *f);
void fs_cluster_dns(LoadCtx *c, void *obj, const Value *v, const FieldDef *f);
/*
 * The node-group key tables of the front-ends (their nested tables hang off
 * fs_sub rows): every key is either carried, fs_not_carried, or fs_ignore
 * with its reason in docs/settings.md, which tests/unit/test_settings.c
 * checks against these tables.
 */
extern const FieldDef eksctl_group_fields[], tfeks_group_fields[], domino_group_fields[];
extern const FieldDef awscli_nodegroup_fields[], awscli_lt_fields[], awscli_asg_fields[];
extern const FieldDef tfeks_lt_fields[];   /* resource "aws_launch_template" */
/* --node-labels, `--local-disks raid0` and the kubelet flags of Karpenter's kubelet block (--max-pods,
 * --system-reserved ...) of bootstrap/kubelet arguments into ng; true when other arguments are left */
bool ld_bootstrap_args(LoadCtx *c, NodeGroup *ng, const SVal *args);
/*
 * Node labels and taints written in user data, lifted into the group's
 * labels and taints (the NodePool's) and out of the text the EC2NodeClass
 * userData keeps: ld_bottlerocket_settings() the lines of Bottlerocket's
 * [settings.kubernetes.node-labels] and [settings.kubernetes.node-taints]
 * (Karpenter replaces node-taints with the NodePool's taints and adds the
 * NodePool's labels), ld_nodeadm_flags() the `- --node-labels=...` and
 * `- --register-with-taints=...` items of a NodeConfig's kubelet.flags
 * (Karpenter's own NodeConfig sets both; a user's --register-with-taints
 * flag would override its registerWithTaints).  What they cannot read stays
 * and is KG240 under `setting`.  Each returns the text left.
 */
const char *ld_bottlerocket_settings(LoadCtx *c, NodeGroup *ng, const SVal *toml, const char *setting);
const char *ld_nodeadm_flags(LoadCtx *c, NodeGroup *ng, const SVal *doc, const char *setting);
/*
 * A shell script that runs the EKS bootstrap itself (eksctl
 * overrideBootstrapCommand, a launch template's user data): the lines
 * before `/etc/eks/bootstrap.sh` into *pre (NULL when none has a command),
 * the bootstrap line's arguments through ld_bootstrap_args(); true when
 * something is left the kit cannot carry (no bootstrap.sh line, commands
 * after it, other arguments).
 */
bool ld_bootstrap_script(LoadCtx *c, NodeGroup *ng, const SVal *script, const char **pre);

/* --------------------------------------------------------- load_awscli.c */

/*
 * What the AWS CLI front-end keeps in ir->aws for resolve.c to link to the
 * node groups of any front-end once every input is read.
 */
/* A launch-template version: what it gives a node group, kept in `data`. */
typedef struct LtVersion {
	SVal id, name;
	IVal number;
	BVal is_default;
	Loc loc;
	NodeGroup data;
	bool used;              /* linked to a group or an ASG */
} LtVersion;

/* An Auto Scaling group: a node group of its own unless an EKS one owns it. */
typedef struct AsgRec {
	SVal name, ng_name;     /* ng_name: the eks:nodegroup-name tag */
	Loc loc;
	NodeGroup data;
	NodeGroup *ng;          /* the group it became, or the EKS group that owns it */
	bool owned;
} AsgRec;

struct AwsLinks {
	VEC(LtVersion *) lts;
	VEC(AsgRec *) asgs;
};

/* resolve.c: the launch-template versions and Auto Scaling groups linked to
 * the node groups that name them, filling only what a group lacks; zones
 * from subnets.  ir_load() runs it after the last input; idempotent. */
void ir_link(IR *ir);
/* Copy what `from` gives and `to` lacks (a launch template's or an ASG's values to a node group);
 * labels and tags merge. */
void ng_fill(Arena *a, NodeGroup *to, const NodeGroup *from);
/* What ng_fill() does with each field of a NodeGroup: one row per field (the unit test checks
 * the rows cover the struct). */
typedef enum NgFill {
	FILL_NONE,          /* the group's own (identity) or derived after the link: not a template's */
	FILL_SVAL, FILL_IVAL, FILL_BVAL,   /* the template's when the group has none */
	FILL_SLIST,         /* the template's list when the group's is empty */
	FILL_LABELS,        /* merged, the group's value on a clash */
	FILL_TAGS,          /* merged, the value the instances get on a clash (ng_fill()) */
	FILL_WEIGHTS, FILL_VOLUMES, FILL_NETIFS, FILL_TAINTS,  /* the template's when the group has none */
	FILL_NOT_CARRIED,   /* both lists, each setting once */
	FILL_KUBELET,       /* merged, the group's field on a clash */
} NgFill;
typedef struct NgFillField {
	size_t off, size, align, field_size;   /* size, align: of the row's type; field_size: of the field */
	NgFill how;
	const char *name;
} NgFillField;
extern const NgFillField ng_fill_fields[];
extern const size_t ng_fill_nfields;
/* Did a launch template or ASG read from `f` reach a node group?  (Else KG105.) */
bool aws_input_used(const IR *ir, const SrcFile *f);

/* ------------------------------------------------------------ load_k8s.c */

/* KG111 for the template placeholders in the Karpenter objects of one file's documents (validate),
 * but those `allow` (may be NULL) says are the project's own. */
void k8s_placeholders(Arena *a, Value *const *docs, int n, const Placeholders *allow);
/* "karpenter.sh/v1" -> KAPI_V1 ... */
KApi k8s_api_of(const char *api_version);

/* --------------------------------------------------------------- catalog.c */

typedef struct InstanceType {
	const char *name, *category, *family;
	int generation;
	const char *size;
	int vcpu;
	int64_t memory_mib;
	Arch arch;
	const char *os;          /* "linux", "windows" ... as listed */
	int gpu_count;
	const char *gpu_name, *gpu_manufacturer;
	int accel_count;         /* Neuron / inferentia */
	const char *accel_name, *accel_manufacturer;
	int efa;                 /* EFA interfaces Karpenter counts (vpc.amazonaws.com/efa): 0 none */
} InstanceType;

/* The kind of accelerator a type has, from the catalogue's manufacturers (stored once, there). */
static inline Accel
type_accel(const InstanceType *t)
{
	if (strcmp(t->gpu_manufacturer, "nvidia") == 0)
		return ACCEL_NVIDIA;
	if (strcmp(t->accel_manufacturer, "aws") == 0)
		return ACCEL_NEURON;
	return *t->gpu_manufacturer || *t->accel_manufacturer ? ACCEL_OTHER : ACCEL_NONE;
}

const InstanceType *catalog_find(const char *name);
/* Up to `max` nearest names by edit distance, nearest first; returns how many. */
int catalog_nearest(const char *name, const InstanceType **out, int max);
int catalog_count(void);
const InstanceType *catalog_at(int i);

/* ------------------------------------------------------------ nodepool.c */

/*
 * Karpenter objects as the checks read them.  A NodePool (karpenter.sh
 * v1beta1 or v1: the paths the checks use are the same in both) becomes a
 * view of its requirements, template labels and taints, limits and weight,
 * every part still pointing into the document for its location.  The
 * requirements can be evaluated against the instance-type catalogue.
 */
typedef enum ReqOp {
	OP_IN, OP_NOT_IN, OP_EXISTS, OP_DOES_NOT_EXIST, OP_GT, OP_LT, OP_GTE, OP_LTE, OP_BAD,
} ReqOp;

typedef struct Requirement {
	const char *key;         /* deprecated aliases normalised (beta.kubernetes.io/arch -> kubernetes.io/arch) */
	ReqOp op;
	const Value *node;       /* the requirement item: its location */
	const char **values;     /* scalars as text */
	const Loc *value_locs;
	int nvalues;
	bool unknown;            /* a value is a template placeholder: not evaluated */
	int field;               /* nodepool.c's instance-type label the key is, + 1; 0: none */
	const int64_t *nums;     /* values as integers for numeric labels (INT64_MIN: not one) */
} Requirement;

typedef struct PoolTaint {
	const char *key, *value, *effect;   /* value NULL when absent */
	Loc loc;
	bool startup;            /* from startupTaints */
} PoolTaint;

typedef struct NodePool {
	const KObject *obj;
	const char *name;
	Loc name_loc;            /* metadata.name, else the document */
	Requirement *reqs;
	int nreqs;
	const Value *requirements;   /* spec.template.spec.requirements */
	const Value *labels;         /* spec.template.metadata.labels */
	PoolTaint *taints;
	int ntaints;
	const Value *limits;         /* spec.limits (NULL: unlimited) */
	const Value *weight;         /* spec.weight */
	const char *nodeclass;       /* nodeClassRef.name */
	const Value *nodeclass_ref;
	const char **replaces;       /* annotation karpgen.io/replaces, split at commas */
	int nreplaces;
	const Value *replaces_val;
	bool approximate;        /* a requirement on a catalogue key karpgen does not model: admitted sets are supersets */
	bool is_static;          /* spec.replicas: a fixed number of nodes, never consolidated */
	int index;               /* position among the run's NodePools: input order */
} NodePool;

/* NULL unless `o` is a NodePool of karpenter.sh/v1beta1 or v1. */
NodePool *np_read(Arena *a, const KObject *o);
/* The first requirement on `key` (after alias normalisation), or NULL. */
const Requirement *np_req(const NodePool *p, const char *key);
/* Whether every requirement admits instance type `t`; *why (may be NULL) is the first that does not. */
bool np_admits_type(const NodePool *p, const InstanceType *t, const Requirement **why);
/* Whether the requirements on `key` admit the label value `value` (no requirement: admitted). */
bool np_admits_value(const NodePool *p, const char *key, const char *value, const Requirement **why);
/* The capacity types the pool can launch: "spot", "on-demand", "reserved" (none named: on-demand). */
bool np_capacity(const NodePool *p, const char *type);
/* Instance types of the catalogue the pool admits; *min_mem the smallest memory among them (MiB). */
int np_admitted_count(const NodePool *p, int64_t *min_mem_mib, const InstanceType **smallest);
/*
 * Whether the pool replaces node group `ng`: 2 when its annotation
 * karpgen.io/replaces lists the group, 1 when it is named after it (as
 * written, or `dns_name`, the group's dns1123_name()), else 0.  An annotation wins over a name:
 * check_ctx() keeps every pool of the stronger kind.
 */
int np_replaces(const NodePool *p, const NodeGroup *ng, const char *dns_name);
/* The value of template label `key` (spec.template.metadata.labels), or NULL. */
const Value *np_label(const NodePool *p, const char *key);

/* EKS taint effects (NO_SCHEDULE) to Kubernetes ones (NoSchedule); other spellings unchanged. */
const char *k8s_taint_effect(const char *effect);
/* A Kubernetes quantity ("1000", "1k", "960Gi", "500m", "1e3") in base units; false when malformed. */
bool k8s_quantity(const char *s, double *out);
/* The text of a scalar value (string, number, bool); NULL for anything else. */
const char *v_scalar(const Value *v);

/* --------------------------------------------------------------- checks */

/*
 * What every check reads besides the IR, computed once per run by
 * check_all(): the NodePool views, the EC2NodeClasses, the groups that run
 * Karpenter and, per node group, the NodePools that replace it.
 */
typedef struct PoolSet {
	NodePool **v;
	int n;
} PoolSet;

typedef struct CheckCtx {
	const IR *ir;
	Arena *arena;
	NodePool **pools;
	int npools;
	const KObject **nodeclasses;
	int nnodeclasses;
	NodeGroup **homes;
	int nhomes;
	PoolSet *replacing;       /* indexed like ir->groups */
	bool karpenter_objects;   /* the inputs hold Karpenter manifests of any kind */
	/* indexes, so that nothing is quadratic in the number of objects */
	NodePool **by_class;      /* the pools sorted by nodeClassRef name (none first) */
	const KObject **classes_by_name; /* the EC2NodeClasses sorted by metadata.name */
} CheckCtx;

typedef void (*CheckFn)(const CheckCtx *c);

/* check.c: run every rule family over the IR (lint, compile). */
void check_all(const IR *ir);
/*
 * check.c: the Karpenter objects of the inputs validated as `validate` does
 * (schema and CEL rules of the target version, KG301-KG309, KG320, KG230,
 * and KG304 across all inputs), so that lint catches what the CI gate
 * would.  Run before check_all(), which then leaves KG230 on objects to it.
 */
void check_manifests(IR *ir);
/* nodepool.c: the context check_all() builds, for callers that run single checks (validate, compile). */
CheckCtx *check_ctx(const IR *ir);
/* nodepool.c: the EC2NodeClass named `name`, or NULL. */
const KObject *check_nodeclass(const CheckCtx *c, const char *name);
/* nodepool.c: the pools whose nodeClassRef names `name`: c->by_class[*first .. *first + n). */
int check_pools_of_class(const CheckCtx *c, const char *name, int *first);

/* One use of an availability zone, by a node group or by the cluster (ng NULL). */
typedef struct ZoneUse {
	const char *text;        /* as written */
	const char *key;         /* the AZ id when known, else the name */
	const char *id, *name;   /* each NULL when not known */
	bool is_id;              /* key is an AZ id */
	bool mapped;             /* both spellings known (describe-subnets, describe-availability-zones) */
	Loc loc;
	const NodeGroup *ng;
	const char *subnet;      /* the zone came from this subnet (describe-subnets), else NULL */
} ZoneUse;
typedef VEC(ZoneUse) ZoneUses;

/* nodepool.c: the zones a node group uses (as written, else through its subnets), appended to *out. */
void zones_of_group(const CheckCtx *c, const NodeGroup *g, ZoneUses *out);
/* nodepool.c: the cluster's own zones (eksctl availabilityZones, describe-cluster subnets). */
void zones_of_cluster(const CheckCtx *c, ZoneUses *out);

/* check_migration.c: the migration rules on zones and the controller's home (KG201-KG205). */
void check_az_coverage(const CheckCtx *c);
void check_zones_left_out(const CheckCtx *c);
void check_az_mix(const CheckCtx *c);
/* check_workload.c: workloads given with the inputs pinned to one node group: KG241 lost, KG243 kept. */
void check_pinned_workloads(const CheckCtx *c);
void check_pinned_kept(const CheckCtx *c);
/* KG242: zones that are not the region's (or not zones); KG244: Outposts, Local and Wavelength Zones. */
void check_zone_region(const CheckCtx *c);
void check_zone_unsupported(const CheckCtx *c);
/* KG246: migrated groups on public subnets; KG247: migrated groups whose own subnets are an expression. */
void check_public_subnets(const CheckCtx *c);
void check_subnets_expression(const CheckCtx *c);
void check_home_missing(const CheckCtx *c);
/*
 * check_migration.c, before lower() of a kit: some node group is left to
 * migrate (lower_migrates()), else KG207 and false.
 */
bool check_migrating(const IR *ir);
void check_home_capacity(const CheckCtx *c);
void check_group_sizes(const CheckCtx *c);
/* KG240: the settings of migrated groups that the loaders recorded as not carried. */
void check_not_carried(const CheckCtx *c);
void check_single_nodegroup(const CheckCtx *c);
/*
 * KG230, the one implementation: each `@latest` AMI alias (Windows families
 * exempt, unknown ones left to KG305) of a v1 EC2NodeClass document.  The
 * validation of manifests calls it after schema_validate() of each such
 * document (check_api.c, and check.c for the kit's own); lint through
 * check_ami_alias_latest() on each v1 EC2NodeClass it read, and
 * check_alias_latest() adds the --ami-alias option.
 */
void check_alias_latest_doc(Arena *a, const Value *doc, const SVal *k8s);
void check_ami_alias_latest(Arena *a, const KObject *o, const SVal *k8s);
void check_alias_latest(const CheckCtx *c);
/* check_version.c: the target release against the cluster's Kubernetes version (KG250). */
void check_version_compat(const CheckCtx *c);

/* check_nodeclass.c: AMIs and root volumes (KG210, KG211). */
void check_nodeclass_split(const CheckCtx *c);
void check_ami_variant(const CheckCtx *c);
/*
 * KG251, the one implementation: an alias at field path `path` pinned to an AMI
 * release with no AMI for the cluster's Kubernetes version `k8s` (unknown: no
 * check); `@latest` of a family with no release for that version (AL2 from
 * 1.33 on); and a release the data does not have (any Kubernetes version).
 * The validation of manifests calls check_ami_pins() on each v1
 * EC2NodeClass (Validation.k8s), check_lowered() on the kit's (kit: true,
 * where a family with no AMI for the cluster is an error: the kit would not
 * launch a node), and check_stale_pins() on the objects compile reads.
 */
void ami_pin_stale(Arena *a, const Value *alias, const SVal *k8s, const char *path, bool kit);
void check_ami_pins(Arena *a, const Value *doc, const SVal *k8s, bool kit);
void check_stale_pins(const CheckCtx *c);

/* check_parity.c: node groups against the NodePools that replace them (KG220-KG224). */
void check_type_parity(const CheckCtx *c);
void check_unknown_types(const CheckCtx *c);
void check_nodepool_missing(const CheckCtx *c);
void check_label_taint_parity(const CheckCtx *c);
void check_capacity_parity(const CheckCtx *c);

/* check_practice.c: Karpenter best practice (KG501-KG506). */
void check_spot_diversity(const CheckCtx *c);
void check_spot_weight(const CheckCtx *c);
void check_security_groups(const CheckCtx *c);
void check_controller_affinity(const CheckCtx *c);
void check_memory_floor(const CheckCtx *c);
void check_no_limits(const CheckCtx *c);

/* `karpgen explain`: docs/rules/<ID>.md embedded at build time (scripts/gen-docs.sh). */
typedef struct RuleDoc {
	const char *id;
	const char *text;
} RuleDoc;
extern const RuleDoc rule_docs[];   /* ends with { NULL, NULL } */

/* -------------------------------------------------------- check_overlay.c */

/*
 * KG310: NodeOverlays (that passed their schema) against the v1 NodePools of
 * the same run: an overlay that selects no node any of them launches, one
 * that sets no adjustment, a malformed capacity.  No pools: only the
 * adjustments are checked.
 */
void check_overlays(const Value *const *overlays, int no, const Value *const *pools, int np);

/*
 * check_controller.c: what the Karpenter controller of `kv` validates in
 * `doc`, a `kind` of API generation `gen` (0 alpha, 1 beta, 2 v1) that the
 * API server accepts (call it only after schema_validate() found no error):
 * KG330.  Returns the number of errors.
 */
int check_controller(Arena *a, const KarpVersion *kv, const char *kind, int gen, const Value *doc);
/*
 * A YAML file with template markers ({{ }}) that names no Karpenter API: a
 * Helm chart's templates/, a workflow; --hook skips it with a note (KG104)
 * instead of reporting that it is not YAML until rendered.  load.c.
 */
bool load_unrelated_template(const SrcFile *f);

/* --------------------------------------------------------------- lower.c */

/*
 * A cluster-wide value the outputs need: given by an option or an input, or
 * else a placeholder such as "${AWS_ACCOUNT_ID}" that the runbook fills at
 * run time (a KG109 note lists each one).
 */
typedef struct Setting {
	const char *value;       /* the value, or the placeholder text */
	const char *placeholder; /* "AWS_ACCOUNT_ID" when value is a placeholder, else NULL */
	const char *what;        /* with a placeholder: "account id", and the option that gives it */
	const char *option;
	Loc loc;                 /* where an input gave it */
	Origin origin;
	bool noted;              /* a placeholder for an expression: its KG109 note is said (once) */
} Setting;

typedef struct LNodePool LNodePool;
typedef VEC(const char *) StrVec;

typedef struct LNodeClass {
	const char *name;
	Value *doc;              /* the EC2NodeClass manifest */
	VEC(LNodePool *) pools;
	const char *ami;         /* "alias al2023@v20250317", "id ami-0123...", "family AL2023 (newest)" */
	const char *alias;       /* "al2023@v20250317" when an alias selects the AMI */
	int64_t volume_gib;      /* the root volume; 0: the family default, or the snapshot's size */
	const char *volume_snapshot; /* the root volume's snapshot; with no volume_gib, it sizes the volume */
	int64_t data_gib;        /* Bottlerocket's data volume; 0: the family default */
	bool data_default;       /* data_gib is the AMI's size: the input maps the device without one */
	const NodeGroup *first;  /* the group that first needed it */
	bool subnets_by_id;      /* selects its groups' subnet ids; else the discovery tag, which the runbook applies */
} LNodeClass;

struct LNodePool {
	const char *name;
	VEC(NodeGroup *) groups; /* the group, and its per-AZ copies folded into it */
	LNodeClass *nc;
	const void *src;         /* lowering's view of the group: lower_pool_doc() builds the manifest */
	int64_t max_nodes;       /* -1: not known */
	bool units;              /* a group's sizes count weighted units (type_weights): pool_limits() */
	int64_t cpu, memory_mib; /* limits; -1: not known (no limits written) */
	const char *capacity;    /* "on-demand", "spot", "reserved", or "mixed" (both on-demand and spot) */
	/* the group's capacity reservations are carried: 1 reserved first, then `capacity`; 2 reserved only */
	int reserved;
	bool widened;            /* --widen-spot replaced the instance-type list */
};

/* A label only one migrated group has, and whether its NodePool carries it (the runbook's preflight). */
typedef struct OnlyLabel {
	const char *key, *value, *group;
	bool carried;
} OnlyLabel;

typedef struct Lowered {
	IR *ir;
	bool failed;             /* a group could not be lowered (diagnosed): only the settings are made */
	bool v1;                 /* karpenter.sh/v1 (else v1beta1) */
	Setting cluster, region, account, partition, oidc;
	const char *node_role;   /* role name the EC2NodeClasses use */
	bool node_role_exists;   /* an input's role (or Domino's): the runbook does not create it */
	const char *controller_role, *queue;
	VEC(LNodeClass *) classes;
	VEC(LNodePool *) pools;
	VEC(NodeGroup *) home;   /* groups that run Karpenter: never migrated, never scaled */
	const char *home_key;    /* the label that selects their nodes (NULL: none, KG504) */
	StrVec home_values;      /* its values */
	VEC(const char *) sg_ids;  /* security group selector ids; empty: by discovery tag (subnets: per class) */
	StrVec node_policies;    /* extra managed policies of the migrated groups' node roles (ARNs) */
	/* the permissions boundary the runbook gives the node role it makes: the migrated groups'
	 * (an organisation whose SCPs require one refuses a role without it); NULL: none */
	const char *node_role_boundary;
	VEC(Setting *) placeholders;
	VEC(OnlyLabel) only_labels;
	void *shared;            /* constant subtrees the manifests share (lower.c) */
} Lowered;

/*
 * Node groups -> EC2NodeClasses + NodePools (DESIGN.md section 5).  NULL
 * when the target serves no NodePool API (check_compile_target() said so);
 * `failed` after an error diagnostic, or with no group to migrate
 * (check_migrating() said so): then only the settings (and their
 * placeholders) are made.
 */
Lowered *lower(IR *ir);
/* True when lower() makes a NodePool of `g`: not the controller's home, not a per-zone group over no zone. */
bool lower_migrates(const NodeGroup *g);

/* A group's AMI as Karpenter selects it: by alias (family@release), or a custom id with its family. */
typedef enum AmiErr {
	AMI_OK,
	AMI_UNKNOWN,             /* a custom AMI whose id is an expression or not given (KG114) */
	AMI_BAD_ID,              /* not an AMI id (KG305) */
	AMI_CUSTOM_FAMILY,       /* a custom AMI whose bootstrap family is unknown or not Karpenter's (KG305) */
	AMI_NO_FAMILY,           /* an AMI type or family with no Karpenter AMI family (KG305) */
} AmiErr;
typedef struct AmiSel {
	const char *alias_family; /* "al2023" ...; NULL for a custom AMI */
	const char *ami_family;   /* EC2NodeClass amiFamily */
	const char *ami_id;       /* custom */
	const char *named;        /* the input's family or type that has no Karpenter family; NULL: none given */
	const Loc *loc;           /* of the value that decided it (or is wrong) */
	const SVal *family_from;  /* a custom AMI's: the value its family was read from (origin, location) */
	const char *full_name;    /* Windows Full: its AMI's name up to the Kubernetes version (no alias serves it) */
	bool windows;
} AmiSel;
/* lower.c: the AMI of `g` from its AMI type, id, family and user-data type (pure: reports nothing). */
AmiErr ami_select(const NodeGroup *g, AmiSel *s);
/*
 * The disks Karpenter gives a family's nodes when the EC2NodeClass names none,
 * and the devices EKS's AMIs boot from: the root device and its size; on
 * Bottlerocket also the data volume (images and pods) on its own device.
 */
typedef struct AmiDisks {
	const char *root;        /* "/dev/xvda", "/dev/sda1" */
	int64_t root_gib;
	const char *data;        /* "/dev/xvdb" on Bottlerocket; NULL: none */
	int64_t data_gib;
} AmiDisks;
/* lower.c: the disks of `s`'s family (AL2023's when the family is not known). */
const AmiDisks *ami_disks(const AmiSel *s);
/* lower.c: the device `g`'s root volume settings name: the input's root device, else the family's
 * (always the family's on Bottlerocket, whose devices are fixed). */
const char *root_device_of(const NodeGroup *g, const AmiSel *s);
/* lower.c: the release the kit pins for an alias family ("v20260714"): for al2023/al2 the newest in the AMI
 * release data with AMIs for Kubernetes 1.k8s_minor (-1: the newest of all); NULL for an unknown family. */
const char *alias_pin(Arena *a, const char *family, int k8s_minor);
/* lower.c: the '--ami-alias' given for an alias family, or NULL. */
const char *alias_option_for(const Options *o, const char *family);
/*
 * KG109 notes, one per setting no input gives, which the kit writes as a
 * placeholder: for the caller that writes the kit (compile), after lower()
 * (also when it failed) and before emit_kit().
 */
void note_placeholders(const Lowered *lw);
/*
 * The NodePool manifest of `p`, built in arena `a`: the kit builds each one
 * when it needs it (checked, written, dropped), so 2,000 pools are never all
 * in memory.  Reports nothing: lower() did.
 */
Value *lower_pool_doc(const Lowered *lw, const LNodePool *p, Arena *a);
/*
 * check.c, after lower(): every manifest of the kit against the target
 * version's CRD schema and CEL rules (KG3xx); the error count.
 */
int check_lowered(const Lowered *lw);
/* check_practice.c, from check_lowered(): no label selects the home's nodes for the controller (KG504). */
void check_home_selector(const Lowered *lw);
/* check_practice.c, from check_lowered(): a NodePool of the kit without limits (KG506). */
void check_pool_limits(const Lowered *lw);

/* ---------------------------------------------------- emit_iam.c data */

/* The official IAM of a Karpenter version (data/iam/<version>.json), parsed once per run. */
typedef struct IamData {
	const char *version;
	Value *root;             /* the whole file */
	Value *policies;         /* V_LIST of {name, document} */
	Value *node_role;        /* {name, trust, managed_policies} */
} IamData;

const IamData *iam_data(Arena *a, const KarpVersion *kv);
/* Copy `v` replacing the CloudFormation substitutions (${ClusterName},
 * ${AWS::Partition}, ...) in strings and keys; `subst` is NULL-terminated name/value pairs. */
Value *iam_subst(Arena *a, const Value *v, const char *const *subst);
/* IAM's size of a policy document: its JSON without white space. */
size_t iam_doc_size(const Value *doc);
enum { IAM_MANAGED_POLICY_QUOTA = 6144 };

/* The controller's managed policies for a kit: the official documents, filled in and split to the quota. */
typedef struct IamDoc {
	const char *name;        /* managed policy name: "KarpenterControllerNodeLifecyclePolicy-prod" */
	const char *file;        /* "iam/controller-policy-node-lifecycle.json" */
	Value *doc;
	size_t size;
} IamDoc;

int iam_controller_docs(const Lowered *lw, IamDoc **out);
/* The node role's managed policy ARNs (partition filled in), for the runbook and REPORT.md. */
int iam_node_policies(const Lowered *lw, const char ***out);
/* The substitutions of a kit: ${ClusterName}, ${AWS::Region}, ... -> its values (NULL-terminated pairs). */
const char *const *iam_kit_subst(const Lowered *lw);

/* ---------------------------------------------------------- check_iam.c */

/* KG401-KG404 on the policy documents given as inputs (ir->policies). */
/* check-iam: check_iam(), and KG405 when the inputs hold no policy document at all. */
void check_iam_policies(const IR *ir);
void check_iam(const IR *ir);
/* check_lowered(): a statement of the kit's controller policy alone over the quota (KG404). */
void check_iam_kit(const Lowered *lw);

/* ------------------------------------------------------------ emit_yaml.c */

/*
 * Values as YAML (the one writer; the bytes libyaml's emitter writes): block style, 2-space indent, key order
 * kept, strings quoted only when plain text would read back differently.
 * Deterministic; yaml_load() reads the text back to an equal tree.
 * malloc'd, the caller frees.  values_to_yaml() separates documents with
 * '---' (none before the first).
 */
char *value_to_yaml(const Value *v);
char *values_to_yaml(Value *const *docs, int n);

/* ----------------------------------------------------------- json output */
/* emit_json.c: a Value as JSON text (hcl2json's shape for HCL); malloc'd. */
char *value_to_json(const Value *v, bool pretty);
/* Indented two spaces, members in their order, a final newline (IAM documents); malloc'd. */
char *value_to_json_ordered(const Value *v);

/* ------------------------------------------------- emit_*.c: the kit */

/* The files of one compile, kept in memory until every one is made. */
typedef struct OutFile {
	const char *path;        /* relative to -o: "karpenter/nodepools/compute.yaml" */
	const char *data;
	size_t len;
	bool exec;               /* mode 0755 */
} OutFile;

typedef struct Output {
	Arena *arena;
	VEC(OutFile) files;
	bool force;              /* --force: replace an earlier kit whose files were edited */
} Output;

/* out.c: the kit on disk */
void out_add(Output *o, const char *path, const char *data, size_t len, bool exec);
void out_add_buf(Output *o, const char *path, Buf *b, bool exec);   /* frees b */
/* Add karpgen-manifest.json, write everything to a temporary directory beside
 * `dir` and rename it into place.  On failure (KG100) `dir` is left as it was:
 * an existing `dir` is replaced only when it is empty or an earlier kit whose
 * files hold what its manifest says karpgen wrote (any earlier kit: o->force). */
bool out_commit(Output *o, const char *dir);
/* A relative output path made only of DNS-1123 names and known directories. */
bool out_path_ok(const char *path);

/* emit_files.c */

void emit_manifests(const Lowered *lw, Output *o);   /* emit_files.c: karpenter/ */
void emit_iam(const Lowered *lw, Output *o);
void emit_helm(const Lowered *lw, Output *o);
void emit_terraform(const Lowered *lw, Output *o);
void emit_runbook(const Lowered *lw, Output *o);
void emit_report(const Lowered *lw, const Output *o, Output *into);
/* emit_report.c: every output of a lowered IR, in memory (out_commit() writes them). */
void emit_kit(const Lowered *lw, Output *o);
/* One single-quoted shell word: abc -> 'abc', it's -> 'it'\''s'. */
void sh_quote(Buf *b, const char *s);
/*
 * emit_files.c: text from an input (a name, a file name) inside a one-line
 * '#' comment: control characters and invalid UTF-8 become '?', so that a
 * newline in a name cannot end the comment and start a line of its own.
 */
void comment_text(Buf *b, const char *s);
/*
 * emit_files.c: text from an input in any Markdown the kit writes (REPORT.md, terraform/README.md), the one
 * escaping for all of them: `code` makes it a code span ('|' escaped, '`' as "'"), else plain text with
 * '|', '`', '*', '<' and '>' backslash-escaped; line breaks and controls are spaces, invalid UTF-8 '?'.
 */
void md_escape(Buf *b, const char *s, bool code);

/* ------------------------------------------------------------- schema.c */

/*
 * The CRD schemas of every supported Karpenter version: schemas/<version>/<kind>.<api>.json,
 * generated from the real CRDs by scripts/gen-schemas.py, embedded in the
 * binary (build/<variant>/gen/schemas.c) and compiled on first use.  A
 * compiled node (Schema) is read by schema.c, which makes and walks it, and
 * cel.c, whose rules read the defaults it gives fields.
 */
typedef struct EmbeddedFile {
	const char *path;        /* "schemas/1.14.1/nodepool.v1.json" */
	const char *text;
} EmbeddedFile;
extern const EmbeddedFile embedded_schemas[];
extern const int embedded_schema_count;

typedef struct Schema Schema;

typedef struct CrdSchema {
	const char *karpenter;               /* "1.14.1" */
	const char *group, *version, *kind;  /* "karpenter.sh", "v1", "NodePool" */
	bool storage;
	const Schema *root;
} CrdSchema;

/*
 * A field path as the API server prints it:
 * spec.template.spec.requirements[0].key, spec.limits[cpu].
 */
typedef struct PathSeg {
	const char *key;         /* NULL: a list index */
	int index;
	bool map_key;            /* an additionalProperties key: printed [key] */
} PathSeg;
typedef struct FieldPath {
	PathSeg seg[LIMIT_DEPTH];
	int n;
} FieldPath;
/* The path as text, with `extra` appended ("[3]", ".name", or NULL); arena copy. */
const char *path_text(Arena *a, const FieldPath *p, const char *extra);

/*
 * The Karpenter kinds across the three API generations.  `family` names
 * the kind's role, so a v1alpha5 Provisioner and a v1 NodePool are the same
 * thing at different generations (0 alpha, 1 beta, 2 v1).  One table
 * (schema.c) for the validate driver (check_api.c) and REPORT.md's field
 * changes (emit_report.c).
 */
typedef struct ApiKind {
	const char *group, *version, *kind;
	const char *family;
	int gen;
	const char *removed;     /* the first Karpenter release that stopped serving it */
} ApiKind;

enum { API_KIND_COUNT = 10 };
extern const ApiKind api_kinds[API_KIND_COUNT];

/* The schema Karpenter `karpenter` serves for group/version kind; NULL when it serves none. */
const CrdSchema *schema_find(const char *karpenter, const char *group, const char *version,
    const char *kind);
/*
 * Check `doc`, a whole object (apiVersion, kind, metadata, spec), as the API
 * server does with strict field validation: KG301 for each schema violation
 * at the value's position with its field path, then the CEL rules of cel.c
 * and schema.c's api_checks.  Returns the number of error diagnostics.
 */
int schema_validate(Arena *a, const CrdSchema *cs, const Value *doc);
/* The default the schema gives field `field` of object node `s`; NULL when none. */
const Value *schema_field_default(const Schema *s, const char *field);
/* The Karpenter versions schemas/ has, oldest first (at most `max`); returns how many. */
int schema_versions(const char **out, int max);
/*
 * The field paths (spec.template.spec.kubelet, spec.limits[*], ...[]) that
 * `from` declares and `to` lacks (removed) and the reverse (added), sorted,
 * topmost only: REPORT.md's upgrade statement.  metadata and status are left out.
 */
void schema_field_changes(Arena *a, const CrdSchema *from, const CrdSchema *to, StrVec *removed, StrVec *added);
/* Free the compiled schemas (once per run, before pattern_free_all()). */
void schema_free_all(void);


/* ------------------------------------------------------- cel.c, schema.c */

/*
 * The CEL rules (x-kubernetes-validations) of the CRDs, re-implemented: one
 * row per distinct (rule, message) pair of schemas/, found by the schema
 * engine through the rule text it meets in a schema, so a rule binds exactly
 * where and in which versions the real CRD has it.  `versions` lists them
 * (tests/unit/test_schema.c checks it against schemas/).
 */
typedef struct CelCtx CelCtx;
typedef struct CelRule {
	RuleId id;
	const char *versions;    /* Karpenter versions whose CRDs carry the rule */
	const char *where;       /* the end of the schema path it sits on; NULL: anywhere */
	const char *cel;         /* the rule, verbatim */
	const char *message;     /* the upstream message, verbatim */
	void (*check)(CelCtx *c);
	const char *arg;         /* for the check: field names, keys ("a,b" / "a:b,c") */
	const char *fix;         /* the note that says how to fix it */
} CelRule;
extern const CelRule cel_rules[];
extern const int cel_rule_count;

struct CelCtx {
	Arena *arena;
	const CelRule *rule;
	const Value *self;       /* the value the rule is attached to */
	const Loc *key_loc;      /* the key that introduced it (or its own position) */
	const Schema *schema;    /* its schema node (for defaults) */
	FieldPath *path;         /* its path */
	int errors;
};

/* A compiled schema node (schema.c makes them; cel.c reads a field's default). */
enum {
	ST_OBJECT = 1 << 0, ST_ARRAY = 1 << 1, ST_STRING = 1 << 2, ST_INTEGER = 1 << 3,
	ST_NUMBER = 1 << 4, ST_BOOLEAN = 1 << 5,
};
enum { LIST_ATOMIC, LIST_SET, LIST_MAP };

typedef struct SProp {
	const char *name;
	Schema *s;
} SProp;

typedef struct SPattern {
	const char *text;
	Pattern *re;
} SPattern;

/* A CEL rule (rule set) or one of karpgen's own checks (rule NULL) bound to a node. */
typedef struct CelBinding {
	const CelRule *rule;
	void (*check)(CelCtx *c);
} CelBinding;

struct Schema {
	unsigned types;          /* ST_*; 0: any type */
	bool int_or_string, preserve_unknown, nullable;
	bool object_meta;        /* the object's own metadata */
	SProp *props;
	int nprops;
	Schema *additional;
	const char **required;
	int nrequired;
	Schema *items;
	int list_type;
	const char **map_keys;
	int nmap_keys;
	int64_t min_len, max_len, min_items, max_items, min_props, max_props; /* -1: none */
	bool has_min, has_max, excl_min, excl_max;
	double min, max;
	SPattern *patterns;
	int npatterns;
	const Value **enums;
	int nenums;
	const char *format;
	const Value *dflt;
	CelBinding *cel;
	int ncel;
};
/*
 * Checks of karpgen's own (runtime rules of the controller), bound
 * to schema nodes like the CEL rules: of a kind, at an API version (NULL:
 * any), at a schema path (".spec.amiSelectorTerms[].alias").
 */
typedef struct ApiCheck {
	const char *kind, *version;
	const char *where;
	void (*check)(CelCtx *c);   /* c->rule is NULL */
} ApiCheck;
extern const ApiCheck api_checks[];
extern const int api_check_count;

/*
 * The row for a rule met in a schema at `schema_path`
 * (".spec.amiSelectorTerms[].tags"); NULL for transition rules (oldSelf)
 * and for rules no row implements.
 */
const CelRule *cel_rule_find(const char *cel, const char *message, const char *schema_path);
/* A member of a map as CEL sees it: NULL when absent or null (the API server prunes nulls). */
const Value *cel_field(const Value *obj, const char *key);
/* A note when `v` still holds a template placeholder ("${", "{{", "<<"). */
void cel_placeholder_note(Diag *d, const Value *v);

/*
 * One validation run over Karpenter manifests (validate; lint and compile
 * for their KObjects and emitted manifests).  Documents are checked one at a
 * time; the cross-document rule (KG304, nodeClassRef) at the end.
 */
typedef struct KindCount {
	const char *kind;
	int n;
} KindCount;

/* A node class (EC2NodeClass, AWSNodeTemplate) defined, or referenced by name. */
typedef struct ClassRef {
	const char *kind, *name;
	Loc at;                  /* references: where the name is */
	const char *path;        /* references: the field path of the reference */
} ClassRef;

/* A node class defined by the documents: what a reference is matched against (one a class). */
typedef struct ClassName {
	const char *kind, *name;
} ClassName;

typedef struct Validation {
	Arena *arena;
	const KarpVersion *kv;
	int validated, skipped;
	VEC(KindCount) kinds;            /* validated documents per kind, in order of appearance */
	VEC(ClassName) nodeclasses;      /* defined by the documents */
	VEC(ClassRef) refs;              /* referenced by NodePools and Provisioners, not settled yet */
	int classes_sorted;              /* nodeclasses[0, classes_sorted) are sorted (validation_has_class()) */
	struct ApiServed *served;        /* check_api.c: what the target serves, found once */
	bool incomplete;                 /* an input was not read in full: its node classes are unknown */
	VEC(const Value *) overlays;     /* NodeOverlays that passed their schema */
	VEC(const Value *) nodepools;    /* v1 NodePools: what check_overlays() reads of each */
	Arena *scratch;                  /* for one document's checks (validate resets it after each); NULL: arena */
	bool no_overlays;                /* no input names a NodeOverlay: keep nothing of NodePools for them */
	VEC(ClassRef) beside;            /* defined by files beside the inputs (beside.c); path: the file */
	bool strict_refs;                /* --strict-refs: a class found nowhere is an error, not a warning */
	bool beside_searched;            /* beside_find_classes() ran */
	const SVal *k8s;                 /* the cluster's Kubernetes version, for KG251; NULL: unknown */
} Validation;

void validation_init(Validation *vs, Arena *a, const KarpVersion *kv);
/* Validate one document: true when it is a Karpenter object, false when skipped. */
bool validate_document(Validation *vs, const Value *doc);
/*
 * The checks across documents (KG304); call once after the last document.
 * None when vs->incomplete: a class missing from what was read may be in
 * what was not, and the error that stopped the reading says what to fix.
 */
void validation_finish(Validation *vs);
/* Whether the documents validated so far define the class `r` names (beside.c reads beside the rest). */
bool validation_has_class(Validation *vs, const ClassRef *r);
/* check_api.c, before lower(): the target serves the NodePool API the kit writes, else KG320 and false. */
bool check_compile_target(const KarpVersion *kv);
/* check_api.c, before lower(): each migrated group's labels (KG302) and AMI (KG305) against the target's API. */
void check_groups_api(const IR *ir);
/* check_api.c, after lower(): each NodePool's AMI family is one the target serves (KG305), else false. */
bool check_kit_amis(const Lowered *lw);
/* check_migration.c, after lower(): the AMIs the kit's aliases select, as pinned as the target allows (KG230). */
void check_kit_alias_pins(const Lowered *lw);
/*
 * schema.c: the node groups a kit is made from against the target's API
 * (the validator's rules, reported here only): KG302 for each label of
 * `g` a NodePool template cannot set (api_label_restricted());
 * KG305 for the AMI error `e` of `g`; KG305 and false when the target has
 * no such AMI family.
 */
void api_group_labels(const NodeGroup *g, const KarpVersion *kv);
void api_group_ami(const NodeGroup *g, AmiErr e, const AmiSel *s);
bool api_ami_family_served(const NodeGroup *g, const AmiSel *s, const KarpVersion *kv);
/* check_api.c: the CRD schemas of the kit's NodePool and EC2NodeClass (v1 or v1beta1), else KG320 and false. */
bool kit_schemas(const KarpVersion *kv, bool v1, const CrdSchema **pool, const CrdSchema **nc);
/* schema.c: KG301 for a Karpenter API group's apiVersion/kind with no schema; known: the group's APIs. */
void schema_unknown_api(const Value *av, const Value *kd, bool kind_known, const char *known);
/* validate_document() over every object, then validation_finish(). */
void validate_objects(Arena *a, const KarpVersion *kv, const SVal *k8s, KObject *const *objs, int n);

/* -------------------------------------------------------------- beside.c */

/*
 * The node classes defined in the files beside the inputs that hold
 * unresolved nodeClassRefs (the same directory, a kustomization's
 * resources), read with diagnostics muted, into vs->beside; call before
 * validation_finish().  `inputs` are the files already read.
 */
void beside_find_classes(Validation *vs, Arena *a, const char *const *inputs, int n);

/* ------------------------------------------------------------ convert.c */

/*
 * `karpgen convert`: old Karpenter objects to the target API as transforms
 * of the value tree (docs/convert.md).  v1alpha5 Provisioner and v1alpha1
 * AWSNodeTemplate become v1beta1 NodePool and EC2NodeClass; v1beta1 objects
 * become v1 ones; an old object takes every step up to the target.  The
 * documents of the whole run are converted together, because v1 moves the
 * kubelet settings from each NodePool to the EC2NodeClass it names.
 * Anything that cannot be converted faithfully is a diagnostic (KG321
 * warning, KG322 error); what convert makes explicit is a KG323 note.
 * Output members that continue an input key keep its key_loc (so comments
 * can follow them); members convert creates have no key_loc file.
 */
typedef enum ConvTarget { CONV_V1BETA1 = 1, CONV_V1 = 2 } ConvTarget;   /* API generations: v1alpha5 is 0 */

typedef struct ConvertOptions {
	ConvTarget to;
	const char *ami_alias;  /* FAMILY@VERSION for aliases made from amiFamily; NULL: FAMILY@latest */
} ConvertOptions;

typedef struct Converted {
	Value *doc;             /* the output document */
	const Value *from;      /* the input document it comes from */
	bool changed;           /* false: passed through as it was read */
} Converted;

/* Returns the number of output documents, in input order (objects convert
 * creates follow the one they come from). */
int convert_documents(Arena *a, const ConvertOptions *o, Value *const *docs, int ndocs,
    Converted **out);
/* Seconds as a duration Karpenter accepts: 604800 -> "168h", 90 -> "1m30s". */
char *convert_duration(Arena *a, int64_t seconds);
/* A deep copy of a value tree (Locs kept). */
Value *convert_clone(Arena *a, const Value *v);

/* ----------------------------------------------------------- comments.c */

/*
 * YAML comments by a side channel (libyaml drops them): read from the input
 * text beside the documents loaded from it, and put back into the YAML that
 * value_to_yaml() writes for a tree whose members keep the key_loc of the
 * input key they continue.  A comment goes with the key just below it at the
 * same indentation, or with the key whose line it ends (docs/convert.md).
 */
typedef struct Comments Comments;
/* The lines karpgen convert writes itself start so; read back, they are not input comments. */
#define CONVERT_MARK "# karpgen convert"
Comments *comments_new(Arena *a);
/* An input file and the documents yaml_load() read from it. */
void comments_add_file(Comments *c, const SrcFile *f, Value *const *docs, int ndocs);
/* value_to_yaml(doc) with the comments of the input keys it continues; malloc'd. */
char *comments_yaml(Comments *c, const Value *doc);
/* The comment lines of input file i no emitted key took (count, *at the first); -1 past the last. */
int comments_lost(Comments *c, int i, Loc *at);
/* convert.c: a KG323 note per file for the comment lines no emitted key took. */
void comments_report_lost(Comments *c);

/* -------------------------------------------------------- emit_convert.c */

/* The converted documents as one YAML stream, each after a comment naming
 * its input; malloc'd. */
char *convert_stream(const Converted *docs, int n, Comments *cm, ConvTarget to);
/* One file per object, <kind plural>/<name>.yaml, written all or nothing
 * (out_commit); false after a diagnostic. */
bool convert_files(Arena *a, const Converted *docs, int n, Comments *cm, ConvTarget to,
    const char *dir, bool force);

#endif /* KARPGEN_H */
