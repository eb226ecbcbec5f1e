/* Internal: the scaffolding of the CPU filter kernels.
 *
 * A band of output rows is filtered in strips of columns. For each source row it needs, a kernel
 * first copies the strip's span of that row, border included, into a padded row: the vector loops
 * then read it without an edge case, whatever the border, width or alignment. The horizontal pass
 * of each source row goes into a ring of kh rows that the vertical pass slides down. A strip is as
 * wide as the ring and the padded row fit in VL_FILTER_SCRATCH bytes of stack, so a band allocates
 * nothing and its working set stays in the L2 cache.
 *
 * Few strips matter more than an L1-sized ring: each strip walks down every row of the band
 * again, and rows read and written in pieces defeat the hardware prefetchers and the TLB that a
 * plain top-to-bottom stream keeps busy. On a Zen 3 core a 1920x1080 RGBA8 Gaussian 5x5 took
 * 4.4 ms in three strips of 40 KiB and 2.8 ms in one of 96 KiB (box 5x5 RGB8: 4.1 and 2.3 ms),
 * with the same instructions. 96 KiB holds one strip of 1080p RGBA8 (a 5-row ring of 85 KiB) and
 * of U8 rows up to 8900 pixels; a build for threads with small stacks may define less. */
#ifndef VL_FILTER_ROWS_H
#define VL_FILTER_ROWS_H

#include <stdint.h>
#include <string.h>

#include "common/filter.h"

#ifndef VL_FILTER_SCRATCH
#define VL_FILTER_SCRATCH (96 * 1024)
#endif
#define VL_FILTER_SLACK 128  /* bytes past a padded row that vector loops may read */

/* Source row r as the filter reads it: the row the border maps it to, or NULL for a row of the
 * border value. */
static inline const uint8_t *vl_filter_row(const vl_filter_shape *s, const vela_image_data *src, int32_t r)
{
    int32_t i = vl_filter_index(s, r, s->height);
    return i < 0 ? NULL : (const uint8_t *)src->planes[0].data + (int64_t)i * src->planes[0].pitch;
}

static inline uint8_t *vl_filter_out_row(const vela_image_data *dst, int32_t y)
{
    return (uint8_t *)dst->planes[0].data + (int64_t)y * dst->planes[0].pitch;
}

/* One pixel of the border value as the format stores it (channels x element bytes). */
static inline void vl_filter_fill_pixel(const vl_filter_shape *s, uint8_t fill[16])
{
    int32_t eb = vl_depth_bytes(s->depth);
    for (int32_t c = 0; c < s->channels; c++) {
        uint8_t *e = fill + c * eb;
        switch (s->depth) {
        case VL_DEPTH_U8: e[0] = (uint8_t)s->value; break;
        case VL_DEPTH_S16: { int16_t v = (int16_t)s->value; memcpy(e, &v, 2); break; }
        case VL_DEPTH_F16: { uint16_t v = vl_f32_to_f16(s->value); memcpy(e, &v, 2); break; }
        default: memcpy(e, &s->value, 4); break;
        }
    }
}

/* One pixel of pb bytes: constant-size copies for the common sizes, so that the border pixels of
 * every row cost no library call. */
static inline void vl_filter_copy_pixel(uint8_t *out, const uint8_t *in, int32_t pb)
{
    switch (pb) {
    case 1: *out = *in; break;
    case 2: memcpy(out, in, 2); break;
    case 3: memcpy(out, in, 3); break;
    case 4: memcpy(out, in, 4); break;
    default: memcpy(out, in, (size_t)pb); break;
    }
}

/* Pixels [first + p0, first + p1) of the span [first, last) = [x0 - kw/2, x0 + n + kw - 1 - kw/2)
 * of `row` (NULL: all border value) with the border applied, into out + p0 pixels. */
static inline void vl_filter_pad_pixels(const vl_filter_shape *s, const uint8_t *row, int32_t x0, int32_t p0,
                                        int32_t p1, const uint8_t *fill, uint8_t *out)
{
    const int32_t pb = s->channels * vl_depth_bytes(s->depth), first = x0 - s->kw / 2;
    int32_t in0 = first + p0 < 0 ? 0 : first + p0, in1 = first + p1 < s->width ? first + p1 : s->width;
    if (!row || in0 > in1) in0 = in1 = first + p0;  /* nothing inside: every pixel takes the border */
    for (int32_t p = first + p0; p < in0; p++) {
        int32_t q = row ? vl_filter_index(s, p, s->width) : -1;
        vl_filter_copy_pixel(out + (size_t)(p - first) * pb, q < 0 ? fill : row + (size_t)q * pb, pb);
    }
    if (row) memcpy(out + (size_t)(in0 - first) * pb, row + (size_t)in0 * pb, (size_t)(in1 - in0) * pb);
    for (int32_t p = in1 > in0 ? in1 : in0; p < first + p1; p++) {
        int32_t q = row ? vl_filter_index(s, p, s->width) : -1;
        vl_filter_copy_pixel(out + (size_t)(p - first) * pb, q < 0 ? fill : row + (size_t)q * pb, pb);
    }
}

/* Zeroes the VL_FILTER_SLACK bytes after the padded copy of a strip of n pixels, so that vector
 * loops running past its end read defined values. Padding never writes there: once per strip. */
static inline void vl_filter_zero_slack(const vl_filter_shape *s, int32_t n, uint8_t *out)
{
    const int32_t pb = s->channels * vl_depth_bytes(s->depth), span = n + s->kw - 1;
    memset(out + (size_t)span * pb, 0, VL_FILTER_SLACK);
}

/* The whole span of pixels [x0 - kw/2, x0 + n + kw - 1 - kw/2) of `row` into `out`, the border
 * applied, and its zeroed slack. */
static inline void vl_filter_pad(const vl_filter_shape *s, const uint8_t *row, int32_t x0, int32_t n,
                                 const uint8_t *fill, uint8_t *out)
{
    vl_filter_pad_pixels(s, row, x0, 0, n + s->kw - 1, fill, out);
    vl_filter_zero_slack(s, n, out);
}

/* Where the 16-element vectors of a strip row's horizontal pass read, for 8-bit channels:
 * vectors [0, lo) and [hi, nv) from the padded copy, [lo, hi) straight from the source row at
 * `direct`, whose windows (16 + (kw - 1) * cn elements) lie inside it. Only the padded copy's
 * edges are then needed: vl_filter_pad_edges makes them. */
typedef struct vl_filter_span {
    const uint8_t *direct;  /* element 0 of the span in the source row */
    int32_t lo, hi;
} vl_filter_span;

static inline vl_filter_span vl_filter_span_of(const vl_filter_shape *s, const uint8_t *row, int32_t x0, int32_t nv)
{
    const int32_t cn = s->channels, start = (x0 - s->kw / 2) * cn, window = 16 + (s->kw - 1) * cn;
    const int32_t row_elems = s->width * cn;
    vl_filter_span sp = { NULL, nv, nv };
    if (!row) return sp;
    int32_t lo = start >= 0 ? 0 : (-start + 15) / 16 * 16;
    int32_t last = row_elems - window - start;  /* the last vector start whose window fits */
    int32_t hi = last < 0 ? 0 : last / 16 * 16 + 16;
    if (hi > nv) hi = nv;
    if (lo >= hi) return sp;
    sp.direct = row + start;
    sp.lo = lo;
    sp.hi = hi;
    return sp;
}

/* The padded copy's elements that the vectors outside [lo, hi) read. Its slack is the caller's, zeroed
 * once per strip (vl_filter_zero_slack). */
static inline void vl_filter_pad_edges(const vl_filter_shape *s, const uint8_t *row, int32_t x0, int32_t n,
                                       const vl_filter_span *sp, const uint8_t *fill, uint8_t *out)
{
    const int32_t cn = s->channels, window = 16 + (s->kw - 1) * cn, span = n + s->kw - 1;
    if (sp->lo >= sp->hi) {
        vl_filter_pad_pixels(s, row, x0, 0, span, fill, out);
        return;
    }
    if (sp->lo > 0) {
        int32_t p1 = (sp->lo + window + cn - 1) / cn;
        vl_filter_pad_pixels(s, row, x0, 0, p1 < span ? p1 : span, fill, out);
    }
    int32_t p0 = sp->hi / cn;
    if (p0 < span) vl_filter_pad_pixels(s, row, x0, p0, span, fill, out);
}

/* The widest strip, in pixels, whose buffers fit the scratch: `per_pixel` bytes for each pixel of
 * the strip and `fixed` bytes besides. A multiple of 16 (at least 16), at most the image's width
 * rounded up to 16. */
static inline int32_t vl_filter_strip(const vl_filter_shape *s, int32_t per_pixel, int32_t fixed)
{
    int32_t n = (VL_FILTER_SCRATCH - fixed) / per_pixel / 16 * 16;
    int32_t w = (s->width + 15) / 16 * 16;
    if (n < 16) n = 16;
    return n < w ? n : w;
}

/* The ring slot of source row r. */
static inline int32_t vl_filter_slot(int32_t r, int32_t rows)
{
    int32_t m = r % rows;
    return m < 0 ? m + rows : m;
}

#endif
