/*
 * sha256.c - SHA-256 (FIPS 180-4) for karpgen-manifest.json: small and
 * dependency-free, since the hashes only let users check the kit they got.
 */
#include "karpgen.h"

#include <string.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#include <immintrin.h>
#define HAVE_SHA_NI_PATH 1
#endif

static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))
#define S0(x) (ROR(x, 2) ^ ROR(x, 13) ^ ROR(x, 22))
#define S1(x) (ROR(x, 6) ^ ROR(x, 11) ^ ROR(x, 25))
#define G0(x) (ROR(x, 7) ^ ROR(x, 18) ^ ((x) >> 3))
#define G1(x) (ROR(x, 17) ^ ROR(x, 19) ^ ((x) >> 10))
/* one round; the eight working variables rotate through the macro's arguments */
#define ROUND(a, b, c, d, e, f, g, h, i) do { \
		uint32_t t1_ = h + S1(e) + ((e & f) ^ (~e & g)) + K[i] + w[i]; \
		d += t1_; \
		h = t1_ + S0(a) + ((a & b) ^ (a & c) ^ (b & c)); \
	} while (0)

/* karpgen hashes every file of the kit: the rounds are unrolled by eight */
static void
block(uint32_t h[8], const uint8_t *p)
{
	uint32_t w[64];
	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		    (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (int i = 16; i < 64; i++)
		w[i] = w[i - 16] + G0(w[i - 15]) + w[i - 7] + G1(w[i - 2]);
	uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
	for (int i = 0; i < 64; i += 8) {
		ROUND(a, b, c, d, e, f, g, k, i);
		ROUND(k, a, b, c, d, e, f, g, i + 1);
		ROUND(g, k, a, b, c, d, e, f, i + 2);
		ROUND(f, g, k, a, b, c, d, e, i + 3);
		ROUND(e, f, g, k, a, b, c, d, i + 4);
		ROUND(d, e, f, g, k, a, b, c, i + 5);
		ROUND(c, d, e, f, g, k, a, b, i + 6);
		ROUND(b, c, d, e, f, g, k, a, i + 7);
	}
	h[0] += a; h[1] += b; h[2] += c; h[3] += d;
	h[4] += e; h[5] += f; h[6] += g; h[7] += k;
}

#ifdef HAVE_SHA_NI_PATH
/*
 * The same compression with the x86 SHA extensions, when the CPU has them
 * (a kit of 2,000 node groups is 4 MB to hash).  The state is kept as the
 * instructions want it: ABEF and CDGH.
 */
__attribute__((target("sha,sse4.1,ssse3"))) static void
blocks_ni(uint32_t h[8], const uint8_t *p, size_t nblocks)
{
	const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
	__m128i t = _mm_loadu_si128((const __m128i *)(const void *)&h[0]);      /* a b c d */
	__m128i s1 = _mm_loadu_si128((const __m128i *)(const void *)&h[4]);     /* e f g h */
	t = _mm_shuffle_epi32(t, 0xB1);
	s1 = _mm_shuffle_epi32(s1, 0x1B);
	__m128i s0 = _mm_alignr_epi8(t, s1, 8);       /* ABEF */
	s1 = _mm_blend_epi16(s1, t, 0xF0);            /* CDGH */
	for (; nblocks; nblocks--, p += 64) {
		__m128i save0 = s0, save1 = s1, m[4];
		for (int i = 0; i < 16; i++) {
			__m128i w;
			if (i < 4) {
				w = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + 16 * i)), bswap);
			} else {
				/* W[4i..4i+3] from the four groups before it */
				__m128i w7 = _mm_alignr_epi8(m[(i - 1) & 3], m[(i - 2) & 3], 4);
				w = _mm_sha256msg1_epu32(m[i & 3], m[(i - 3) & 3]);
				w = _mm_add_epi32(w, w7);
				w = _mm_sha256msg2_epu32(w, m[(i - 1) & 3]);
			}
			m[i & 3] = w;
			__m128i k = _mm_add_epi32(w, _mm_loadu_si128((const __m128i *)(const void *)&K[4 * i]));
			s1 = _mm_sha256rnds2_epu32(s1, s0, k);
			s0 = _mm_sha256rnds2_epu32(s0, s1, _mm_shuffle_epi32(k, 0x0E));
		}
		s0 = _mm_add_epi32(s0, save0);
		s1 = _mm_add_epi32(s1, save1);
	}
	t = _mm_shuffle_epi32(s0, 0x1B);               /* a b e f */
	s1 = _mm_shuffle_epi32(s1, 0xB1);              /* g h c d */
	s0 = _mm_blend_epi16(t, s1, 0xF0);             /* a b c d */
	s1 = _mm_alignr_epi8(s1, t, 8);                /* e f g h */
	_mm_storeu_si128((__m128i *)(void *)&h[0], s0);
	_mm_storeu_si128((__m128i *)(void *)&h[4], s1);
}

static int known = -1;

static bool
have_sha_ni(void)
{
	if (known < 0) {
		unsigned a, b, c, d;
		known = __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & (1u << 29)) &&
		    __get_cpuid(1, &a, &b, &c, &d) && (c & bit_SSE4_1) && (c & bit_SSSE3);
	}
	return known;
}
#endif

bool
sha256_hw(bool on)
{
#ifdef HAVE_SHA_NI_PATH
	known = -1;
	bool can = have_sha_ni();
	known = on && can;
	return can;
#else
	(void)on;
	return false;
#endif
}

static void
blocks(uint32_t h[8], const uint8_t *p, size_t nblocks)
{
#ifdef HAVE_SHA_NI_PATH
	if (have_sha_ni()) {
		blocks_ni(h, p, nblocks);
		return;
	}
#endif
	for (; nblocks; nblocks--, p += 64)
		block(h, p);
}

void
sha256(const void *data, size_t len, uint8_t out[32])
{
	uint32_t h[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};
	const uint8_t *p = data;
	size_t n = len;
	blocks(h, p, n / 64);
	p += n / 64 * 64;
	n %= 64;
	/* the tail, the 0x80 bit and the length in bits, big-endian, over one or two blocks */
	uint8_t tail[128] = { 0 };
	memcpy(tail, p, n);
	tail[n] = 0x80;
	size_t total = n + 1 + 8 <= 64 ? 64 : 128;
	uint64_t bits = (uint64_t)len * 8;
	for (int i = 0; i < 8; i++)
		tail[total - 1 - i] = (uint8_t)(bits >> (8 * i));
	blocks(h, tail, total / 64);
	for (int i = 0; i < 8; i++) {
		out[4 * i] = (uint8_t)(h[i] >> 24);
		out[4 * i + 1] = (uint8_t)(h[i] >> 16);
		out[4 * i + 2] = (uint8_t)(h[i] >> 8);
		out[4 * i + 3] = (uint8_t)h[i];
	}
}

void
sha256_hex(const void *data, size_t len, char out[65])
{
	static const char hex[] = "0123456789abcdef";
	uint8_t d[32];
	sha256(data, len, d);
	for (int i = 0; i < 32; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[64] = '\0';
}
