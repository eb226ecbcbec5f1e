/* Remap and the perspective warp's sampling, plain C: the oracle for NEON and CUDA. Written after
 * OpenCV 4.6's remapNearest, remapBilinear and remapBicubic so that every case, borders included,
 * gives what cv::remap gives for the same fixed-point map. */
#include "common/border.h"
#include "common/remap.h"

#include <pthread.h>
#include <string.h>

/* ---- weight tables -------------------------------------------------------------------------- */

static vl_interp_tables tables;
/* The 2-D integer table is corrected in place after each entry, and OpenCV's correction of a
 * bilinear entry looks at the next entry's first values (still zero then): the padding keeps
 * that read inside the array. */
static int16_t linear_i_work[VL_INTER_TAB + 2][4];
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static void linear_1d(float x, float *c)
{
    c[0] = 1.f - x;
    c[1] = x;
}

static void cubic_1d(float x, float *c)
{
    const float A = -0.75f;
    c[0] = ((A * (x + 1) - 5 * A) * (x + 1) + 8 * A) * (x + 1) - 4 * A;
    c[1] = ((A + 2) * x - (A + 3)) * x * x + 1;
    c[2] = ((A + 2) * (1 - x) - (A + 3)) * (1 - x) * (1 - x) + 1;
    c[3] = 1.f - c[0] - c[1] - c[2];
}

static int16_t round_s16(float v)
{
    int32_t r = vl_round_sat((double)v);
    return vl_sat_s16(r);
}

/* OpenCV's initInterTab2D for one kernel size: float products, then 15-bit integers whose sum is
 * forced to 32768 by moving the difference onto the largest or smallest of the four central
 * weights (as OpenCV finds them, in its order). */
static void build_2d(int ksize, const float *tab1d, float *tab, int16_t *itab)
{
    for (int i = 0; i < VL_INTER_SIZE; i++)
        for (int j = 0; j < VL_INTER_SIZE; j++, tab += ksize * ksize, itab += ksize * ksize) {
            int isum = 0;
            for (int k1 = 0; k1 < ksize; k1++) {
                float vy = tab1d[i * ksize + k1];
                for (int k2 = 0; k2 < ksize; k2++) {
                    float v = vy * tab1d[j * ksize + k2];
                    tab[k1 * ksize + k2] = v;
                    isum += itab[k1 * ksize + k2] = round_s16(v * (float)(1 << VL_COEF_BITS));
                }
            }
            if (isum != 1 << VL_COEF_BITS) {
                int diff = isum - (1 << VL_COEF_BITS);
                int k2c = ksize / 2, Mk1 = k2c, Mk2 = k2c, mk1 = k2c, mk2 = k2c;
                for (int k1 = k2c; k1 < k2c + 2; k1++)
                    for (int k2 = k2c; k2 < k2c + 2; k2++) {
                        if (itab[k1 * ksize + k2] < itab[mk1 * ksize + mk2]) mk1 = k1, mk2 = k2;
                        else if (itab[k1 * ksize + k2] > itab[Mk1 * ksize + Mk2]) Mk1 = k1, Mk2 = k2;
                    }
                if (diff < 0) itab[Mk1 * ksize + Mk2] = (int16_t)(itab[Mk1 * ksize + Mk2] - diff);
                else itab[mk1 * ksize + mk2] = (int16_t)(itab[mk1 * ksize + mk2] - diff);
            }
        }
}

static void build_tables(void)
{
    float lin[VL_INTER_SIZE * 2], cub[VL_INTER_SIZE * 4];
    const float scale = 1.f / VL_INTER_SIZE;
    for (int i = 0; i < VL_INTER_SIZE; i++) {
        linear_1d((float)i * scale, lin + 2 * i);
        cubic_1d((float)i * scale, cub + 4 * i);
    }
    build_2d(2, lin, &tables.linear_f[0][0], &linear_i_work[0][0]);
    memcpy(tables.linear_i, linear_i_work, sizeof tables.linear_i);
    build_2d(4, cub, &tables.cubic_f[0][0], &tables.cubic_i[0][0]);
}

const vl_interp_tables *vl_interp_tables_get(void)
{
    pthread_once(&tables_once, build_tables);
    return &tables;
}

/* ---- one pixel ------------------------------------------------------------------------------ */

static inline uint8_t sat_u8(int32_t v) { return (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v); }

static inline const uint8_t *pixel_at(const vl_sampler *s, const vela_image_plane *src, int32_t x, int32_t y)
{
    return (const uint8_t *)src->data + (int64_t)y * src->pitch + (int64_t)x * vl_sampler_pixel_bytes(s);
}

/* Channel k of a pixel as the weighted sums want it: int for U8, float otherwise. */
static inline int32_t chan_i(const uint8_t *p, int k) { return p[k]; }
static inline float chan_f(const vl_sampler *s, const uint8_t *p, int k)
{
    if (s->depth == VL_DEPTH_S16) {
        int16_t v;
        memcpy(&v, p + 2 * k, 2);
        return (float)v;
    }
    float v;
    memcpy(&v, p + 4 * k, 4);
    return v;
}

static inline float cval_f(const vl_sampler *s, int k)
{
    return s->depth == VL_DEPTH_S16 ? (float)s->cval.s16[k] : s->cval.f32[k];
}

/* Stores a weighted float sum as OpenCV's Cast<float, T>: S16 rounds half to even and
 * saturates, F32 is kept. */
static inline void store_f(const vl_sampler *s, uint8_t *d, int k, float v)
{
    if (s->depth == VL_DEPTH_S16) {
        int16_t r = round_s16(v);
        memcpy(d + 2 * k, &r, 2);
    } else {
        memcpy(d + 4 * k, &v, 4);
    }
}

static void store_cval(const vl_sampler *s, uint8_t *d)
{
    int32_t bytes = vl_sampler_pixel_bytes(s) / s->channels;
    for (int k = 0; k < s->channels; k++) memcpy(d + k * bytes, (const uint8_t *)&s->cval + k * bytes, (size_t)bytes);
}

static void sample_nearest(const vl_sampler *s, const vela_image_plane *src, int32_t x, int32_t y, uint8_t *d)
{
    int32_t w = s->width, h = s->height;
    if ((uint32_t)x >= (uint32_t)w || (uint32_t)y >= (uint32_t)h) {
        if (s->border == VELA_BORDER_TRANSPARENT) return;
        if (s->border == VELA_BORDER_CONSTANT) {
            store_cval(s, d);
            return;
        }
        x = vl_border_index(s->border, x, w);
        y = vl_border_index(s->border, y, h);
    }
    memcpy(d, pixel_at(s, src, x, y), (size_t)vl_sampler_pixel_bytes(s));
}

/* The four taps of a 2x2 footprint at (sx, sy); NULL where CONSTANT reads the border value. */
static void linear_taps(const vl_sampler *s, const vela_image_plane *src, int32_t sx, int32_t sy,
                        const uint8_t *tap[4])
{
    int32_t x0 = vl_border_index(s->border, sx, s->width), x1 = vl_border_index(s->border, sx + 1, s->width);
    int32_t y0 = vl_border_index(s->border, sy, s->height), y1 = vl_border_index(s->border, sy + 1, s->height);
    tap[0] = x0 >= 0 && y0 >= 0 ? pixel_at(s, src, x0, y0) : NULL;
    tap[1] = x1 >= 0 && y0 >= 0 ? pixel_at(s, src, x1, y0) : NULL;
    tap[2] = x0 >= 0 && y1 >= 0 ? pixel_at(s, src, x0, y1) : NULL;
    tap[3] = x1 >= 0 && y1 >= 0 ? pixel_at(s, src, x1, y1) : NULL;
}

static void sample_linear(const vl_sampler *s, const vela_image_plane *src, int32_t sx, int32_t sy, uint32_t frac,
                          uint8_t *d)
{
    int32_t w = s->width, h = s->height;
    const uint8_t *tap[4];
    /* Inside: the whole 2x2 footprint is (OpenCV's width1 = max(w - 1, 0) test). */
    if ((uint32_t)sx < (uint32_t)(w > 1 ? w - 1 : 0) && (uint32_t)sy < (uint32_t)(h > 1 ? h - 1 : 0)) {
        tap[0] = pixel_at(s, src, sx, sy);
        tap[1] = pixel_at(s, src, sx + 1, sy);
        tap[2] = pixel_at(s, src, sx, sy + 1);
        tap[3] = pixel_at(s, src, sx + 1, sy + 1);
    } else {
        if (s->border == VELA_BORDER_TRANSPARENT) return;
        if (s->border == VELA_BORDER_CONSTANT && (sx >= w || sx + 1 < 0 || sy >= h || sy + 1 < 0)) {
            store_cval(s, d);
            return;
        }
        linear_taps(s, src, sx, sy, tap);
    }
    const vl_interp_tables *t = vl_interp_tables_get();
    if (s->depth == VL_DEPTH_U8) {
        const int16_t *wt = t->linear_i[frac];
        for (int k = 0; k < s->channels; k++) {
            int32_t v[4];
            for (int i = 0; i < 4; i++) v[i] = tap[i] ? chan_i(tap[i], k) : s->cval.u8[k];
            int32_t sum = v[0] * wt[0] + v[1] * wt[1] + v[2] * wt[2] + v[3] * wt[3];
            d[k] = sat_u8((sum + (1 << (VL_COEF_BITS - 1))) >> VL_COEF_BITS);
        }
    } else {
        const float *wt = t->linear_f[frac];
        for (int k = 0; k < s->channels; k++) {
            float v[4];
            for (int i = 0; i < 4; i++) v[i] = tap[i] ? chan_f(s, tap[i], k) : cval_f(s, k);
            store_f(s, d, k, v[0] * wt[0] + v[1] * wt[1] + v[2] * wt[2] + v[3] * wt[3]);
        }
    }
}

static void sample_cubic(const vl_sampler *s, const vela_image_plane *src, int32_t sx, int32_t sy, uint32_t frac,
                         uint8_t *d)
{
    int32_t w = s->width, h = s->height, cn = s->channels;
    const vl_interp_tables *t = vl_interp_tables_get();
    sx -= 1;
    sy -= 1;
    if ((uint32_t)sx < (uint32_t)(w > 3 ? w - 3 : 0) && (uint32_t)sy < (uint32_t)(h > 3 ? h - 3 : 0)) {
        for (int k = 0; k < cn; k++) {
            if (s->depth == VL_DEPTH_U8) {
                const int16_t *wt = t->cubic_i[frac];
                int32_t sum = 0;
                for (int i = 0; i < 4; i++) {
                    const uint8_t *p = pixel_at(s, src, sx, sy + i);
                    sum += chan_i(p, k) * wt[4 * i] + chan_i(p + cn, k) * wt[4 * i + 1] +
                           chan_i(p + 2 * cn, k) * wt[4 * i + 2] + chan_i(p + 3 * cn, k) * wt[4 * i + 3];
                }
                d[k] = sat_u8((sum + (1 << (VL_COEF_BITS - 1))) >> VL_COEF_BITS);
            } else {
                const float *wt = t->cubic_f[frac];
                int32_t step = vl_sampler_pixel_bytes(s);
                float sum = 0;
                for (int i = 0; i < 4; i++) {
                    const uint8_t *p = pixel_at(s, src, sx, sy + i);
                    float row = chan_f(s, p, k) * wt[4 * i] + chan_f(s, p + step, k) * wt[4 * i + 1] +
                                chan_f(s, p + 2 * step, k) * wt[4 * i + 2] + chan_f(s, p + 3 * step, k) * wt[4 * i + 3];
                    sum = i == 0 ? row : sum + row;
                }
                store_f(s, d, k, sum);
            }
        }
        return;
    }
    if (s->border == VELA_BORDER_TRANSPARENT && ((uint32_t)(sx + 1) >= (uint32_t)w || (uint32_t)(sy + 1) >= (uint32_t)h))
        return;
    vela_border b = s->border == VELA_BORDER_TRANSPARENT ? VELA_BORDER_REFLECT_101 : s->border;
    if (b == VELA_BORDER_CONSTANT && (sx >= w || sx + 4 <= 0 || sy >= h || sy + 4 <= 0)) {
        store_cval(s, d);
        return;
    }
    int32_t xs[4], ys[4];
    for (int i = 0; i < 4; i++) {
        xs[i] = vl_border_index(b, sx + i, w);
        ys[i] = vl_border_index(b, sy + i, h);
    }
    /* Outside taps read the border value: the sum starts from it and adds each inside tap's
     * difference from it, as OpenCV does. */
    for (int k = 0; k < cn; k++) {
        if (s->depth == VL_DEPTH_U8) {
            const int16_t *wt = t->cubic_i[frac];
            int32_t cv = s->cval.u8[k], sum = cv << VL_COEF_BITS;
            for (int i = 0; i < 4; i++) {
                if (ys[i] < 0) continue;
                for (int j = 0; j < 4; j++)
                    if (xs[j] >= 0) sum += (chan_i(pixel_at(s, src, xs[j], ys[i]), k) - cv) * wt[4 * i + j];
            }
            d[k] = sat_u8((sum + (1 << (VL_COEF_BITS - 1))) >> VL_COEF_BITS);
        } else {
            const float *wt = t->cubic_f[frac];
            float cv = cval_f(s, k), sum = cv;
            for (int i = 0; i < 4; i++) {
                if (ys[i] < 0) continue;
                for (int j = 0; j < 4; j++)
                    if (xs[j] >= 0) sum += (chan_f(s, pixel_at(s, src, xs[j], ys[i]), k) - cv) * wt[4 * i + j];
            }
            store_f(s, d, k, sum);
        }
    }
}

void vl_sample_pixel_ref(const vl_sampler *s, const vela_image_plane *src, int32_t sx, int32_t sy, uint32_t a,
                         void *dst)
{
    switch (s->interp) {
    case VELA_INTERP_NEAREST:
        sample_nearest(s, src, sx + (int32_t)((a & VL_A_NEAR_X) != 0), sy + (int32_t)((a & VL_A_NEAR_Y) != 0), dst);
        break;
    case VELA_INTERP_LINEAR: sample_linear(s, src, sx, sy, a & VL_A_FRAC, dst); break;
    default: sample_cubic(s, src, sx, sy, a & VL_A_FRAC, dst); break;
    }
}

void vl_sample_row_ref(const vl_sampler *s, const vela_image_plane *src, const int16_t *xy, const uint16_t *a,
                       void *dst_row, int32_t x0, int32_t x1)
{
    uint8_t *d = dst_row;
    int32_t bytes = vl_sampler_pixel_bytes(s);
    for (int32_t x = x0; x < x1; x++) vl_sample_pixel_ref(s, src, xy[2 * x], xy[2 * x + 1], a[x], d + (int64_t)x * bytes);
}

/* ---- remap ---------------------------------------------------------------------------------- */

vela_status vl_remap_ref(const vl_remap_job *job, const vela_image_data *src, const vela_image_data *dst, int32_t y0,
                         int32_t y1)
{
    for (int p = 0; p < job->num_planes; p++) {
        const vl_remap_table *t = &job->payload->host[p];
        int32_t r0 = p ? y0 / 2 : y0, r1 = p ? (y1 + 1) / 2 : y1;
        if (r1 > t->height) r1 = t->height;
        for (int32_t y = r0; y < r1; y++)
            vl_sample_row_ref(&job->sampler[p], &src->planes[p], t->xy + (int64_t)y * t->width * 2,
                              t->a + (int64_t)y * t->width,
                              (uint8_t *)dst->planes[p].data + (int64_t)y * dst->planes[p].pitch, 0, t->width);
    }
    return VELA_OK;
}
