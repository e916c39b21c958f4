/* test_sha256.c - SHA-256 against the FIPS 180-4 / NIST test vectors, at every block boundary. */
#include "unit.h"

#include <stdlib.h>
#include <string.h>

static void
hex_of(const char *s, size_t n, char out[65])
{
	sha256_hex(s, n, out);
}

static void
nist_vectors(void **state)
{
	(void)state;
	char h[65];
	hex_of("", 0, h);
	assert_string_equal(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	hex_of("abc", 3, h);
	assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	/* 56 bytes: the length no longer fits in the first block */
	const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	hex_of(m, strlen(m), h);
	assert_string_equal(h, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	const char *m2 = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
	hex_of(m2, strlen(m2), h);
	assert_string_equal(h, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
	/* a million 'a' */
	char *a = malloc(1000000);
	assert_non_null(a);
	memset(a, 'a', 1000000);
	hex_of(a, 1000000, h);
	free(a);
	assert_string_equal(h, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* 55, 56, 63, 64 and 65 bytes: the padding's edge cases agree with a block-by-block reading. */
static void
padding_edges(void **state)
{
	(void)state;
	static const struct { size_t n; const char *hex; } v[] = {
		{ 55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318" },
		{ 56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a" },
		{ 63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34" },
		{ 64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb" },
		{ 65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0" },
	};
	char buf[65], h[65];
	memset(buf, 'a', sizeof buf);
	for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
		hex_of(buf, v[i].n, h);
		assert_string_equal(h, v[i].hex);
	}
}

/* The same vectors through the portable rounds (and the SHA extensions again, where the CPU has them). */
static void
portable_path(void **state)
{
	sha256_hw(false);
	nist_vectors(state);
	padding_edges(state);
	/* a long input across both paths */
	char *a = malloc(100003);
	assert_non_null(a);
	for (int i = 0; i < 100003; i++)
		a[i] = (char)(i * 7 + 3);
	char h1[65], h2[65];
	sha256_hex(a, 100003, h1);
	bool hw = sha256_hw(true);
	sha256_hex(a, 100003, h2);
	free(a);
	assert_string_equal(h1, h2);
	if (hw)
		print_message("both the portable rounds and the SHA extensions checked\n");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(nist_vectors),
		cmocka_unit_test(padding_edges),
		cmocka_unit_test(portable_path),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
