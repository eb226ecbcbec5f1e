#include "harness.h"

#include <string.h>

static const vela_format all_formats[] = {
    VELA_FORMAT_U8, VELA_FORMAT_S8, VELA_FORMAT_U16, VELA_FORMAT_S16, VELA_FORMAT_U32, VELA_FORMAT_S32,
    VELA_FORMAT_F16, VELA_FORMAT_F32, VELA_FORMAT_2S16, VELA_FORMAT_2F32, VELA_FORMAT_RGB8, VELA_FORMAT_BGR8,
    VELA_FORMAT_RGBA8, VELA_FORMAT_BGRA8, VELA_FORMAT_NV12, VELA_FORMAT_NV12_ER, VELA_FORMAT_I420,
    VELA_FORMAT_YUYV, VELA_FORMAT_UYVY,
};
#define NUM_FORMATS (sizeof all_formats / sizeof all_formats[0])

START_TEST(test_create_lock_every_format_any_width)
{
    static const int32_t sizes[][2] = { { 1, 1 }, { 7, 3 }, { 17, 5 }, { 64, 2 } };
    for (size_t f = 0; f < NUM_FORMATS; f++)
        for (size_t i = 0; i < 4; i++) {
            vela_image *img;
            VT_OK(vela_image_create(sizes[i][0], sizes[i][1], all_formats[f], VELA_BACKEND_CPU, &img));
            int32_t w, h;
            vela_format fmt;
            VT_OK(vela_image_get_size(img, &w, &h));
            VT_OK(vela_image_get_format(img, &fmt));
            ck_assert_int_eq(w, sizes[i][0]);
            ck_assert_int_eq(h, sizes[i][1]);
            ck_assert_int_eq(fmt, all_formats[f]);

            vela_image_data d;
            VT_OK(vela_image_lock(img, VELA_LOCK_WRITE, VELA_BUFFER_HOST, &d));
            ck_assert_int_eq(d.num_planes, vela_format_num_planes(all_formats[f]));
            for (int p = 0; p < d.num_planes; p++) {
                int32_t row_bytes;
                VT_OK(vela_format_plane_extent(fmt, w, h, p, NULL, NULL, &row_bytes));
                ck_assert_int_ge(d.planes[p].pitch, row_bytes);
                ck_assert_int_eq(((uintptr_t)d.planes[p].data) % 64, 0);
            }
            vt_fill_data(&d);
            vt_buffer copy = vt_buffer_alloc(fmt, w, h, 3, 1);
            vt_copy_data(&copy.data, &d);
            VT_OK(vela_image_unlock(img));
            VT_OK(vela_image_lock(img, VELA_LOCK_READ, VELA_BUFFER_HOST, &d));
            ck_assert_uint_eq(vt_diff_data(&d, &copy.data), 0);
            VT_OK(vela_image_unlock(img));
            vt_buffer_free(&copy);
            vela_image_destroy(img);
        }
}
END_TEST

START_TEST(test_plane_extents)
{
    int32_t w, h, rb;
    VT_OK(vela_format_plane_extent(VELA_FORMAT_NV12, 7, 5, 1, &w, &h, &rb));
    ck_assert_int_eq(w, 4); ck_assert_int_eq(h, 3); ck_assert_int_eq(rb, 8);
    VT_OK(vela_format_plane_extent(VELA_FORMAT_I420, 7, 5, 2, &w, &h, &rb));
    ck_assert_int_eq(w, 4); ck_assert_int_eq(h, 3); ck_assert_int_eq(rb, 4);
    VT_OK(vela_format_plane_extent(VELA_FORMAT_YUYV, 7, 5, 0, &w, &h, &rb));
    ck_assert_int_eq(w, 4); ck_assert_int_eq(h, 5); ck_assert_int_eq(rb, 16);
    VT_OK(vela_format_plane_extent(VELA_FORMAT_2F32, 3, 2, 0, &w, &h, &rb));
    ck_assert_int_eq(rb, 24);
    ck_assert_str_eq(vela_format_name(VELA_FORMAT_NV12_ER), "NV12_ER");
    ck_assert_str_eq(vela_format_name((vela_format)77), "INVALID");
    ck_assert_int_eq(vela_format_num_planes(VELA_FORMAT_I420), 3);
    ck_assert_int_eq(vela_format_num_planes(VELA_FORMAT_INVALID), 0);
    VT_FAILS(vela_format_plane_extent(VELA_FORMAT_NV12, 7, 5, 2, NULL, NULL, &rb), VELA_ERROR_INVALID_ARGUMENT, "plane 2");
    VT_FAILS(vela_format_plane_extent(VELA_FORMAT_U8, 0, 5, 0, NULL, NULL, &rb), VELA_ERROR_INVALID_ARGUMENT, "0x5");
    VT_FAILS(vela_format_plane_extent((vela_format)-4, 4, 5, 0, NULL, NULL, &rb), VELA_ERROR_INVALID_IMAGE_FORMAT, "-4");
}
END_TEST

START_TEST(test_wrap_host_pitched)
{
    vt_buffer b = vt_buffer_alloc(VELA_FORMAT_NV12, 17, 9, 13, 3);
    vt_fill_data(&b.data);
    vela_image *img;
    VT_OK(vela_image_wrap_host(&b.data, VELA_BACKEND_CPU, &img));
    vela_image_data d;
    VT_OK(vela_image_lock(img, VELA_LOCK_READ_WRITE, VELA_BUFFER_HOST, &d));
    for (int p = 0; p < 2; p++) {
        ck_assert_ptr_eq(d.planes[p].data, b.data.planes[p].data);
        ck_assert_int_eq(d.planes[p].pitch, b.data.planes[p].pitch);
    }
    ((uint8_t *)d.planes[1].data)[0] = 42;
    VT_OK(vela_image_unlock(img));
    ck_assert_int_eq(((uint8_t *)b.data.planes[1].data)[0], 42);

    /* A new buffer into the same wrapper, of another size and format. */
    vt_buffer c = vt_buffer_alloc(VELA_FORMAT_RGB8, 5, 4, 1, 0);
    VT_OK(vela_image_set_wrapped(img, &c.data));
    int32_t w, h;
    VT_OK(vela_image_get_size(img, &w, &h));
    ck_assert_int_eq(w, 5);
    VT_OK(vela_image_lock(img, VELA_LOCK_READ, VELA_BUFFER_HOST, &d));
    ck_assert_ptr_eq(d.planes[0].data, c.data.planes[0].data);
    VT_OK(vela_image_unlock(img));
    vela_image_destroy(img);
    ck_assert(vt_padding_intact(&c.data));  /* vela never touched or freed it */
    vt_buffer_free(&b);
    vt_buffer_free(&c);
}
END_TEST

START_TEST(test_create_bad_input)
{
    vela_image *img = (vela_image *)&img;
    VT_FAILS(vela_image_create(4, 4, VELA_FORMAT_U8, VELA_BACKEND_CPU, NULL), VELA_ERROR_INVALID_ARGUMENT, "image");
    VT_FAILS(vela_image_create(0, 4, VELA_FORMAT_U8, VELA_BACKEND_CPU, &img), VELA_ERROR_INVALID_ARGUMENT, "0x4");
    ck_assert_ptr_null(img);
    VT_FAILS(vela_image_create(4, -1, VELA_FORMAT_U8, VELA_BACKEND_CPU, &img), VELA_ERROR_INVALID_ARGUMENT, "4x-1");
    VT_FAILS(vela_image_create(1 << 30, 1 << 30, VELA_FORMAT_RGBA8, VELA_BACKEND_CPU, &img),
             VELA_ERROR_INVALID_ARGUMENT, "largest dimension");
    VT_FAILS(vela_image_create(65537, 2, VELA_FORMAT_U8, VELA_BACKEND_CPU, &img), VELA_ERROR_INVALID_ARGUMENT, "65537");
    VT_FAILS(vela_image_create(4, 4, VELA_FORMAT_INVALID, VELA_BACKEND_CPU, &img), VELA_ERROR_INVALID_IMAGE_FORMAT, "format 0");
    VT_FAILS(vela_image_create(4, 4, VELA_FORMAT_COUNT, VELA_BACKEND_CPU, &img), VELA_ERROR_INVALID_IMAGE_FORMAT, "format");
    VT_FAILS(vela_image_create(4, 4, VELA_FORMAT_U8, 0x100, &img), VELA_ERROR_INVALID_ARGUMENT, "0x100");
    if (!vela_backend_available(VELA_BACKEND_CUDA))
        VT_FAILS(vela_image_create(4, 4, VELA_FORMAT_U8, VELA_BACKEND_CUDA, &img), VELA_ERROR_BACKEND_UNAVAILABLE, "CUDA");
    ck_assert_ptr_null(img);
}
END_TEST

START_TEST(test_wrap_bad_input)
{
    vt_buffer b = vt_buffer_alloc(VELA_FORMAT_I420, 8, 6, 0, 0);
    vela_image *img = NULL;
    vela_image_data d = b.data;
    VT_FAILS(vela_image_wrap_host(NULL, 0, &img), VELA_ERROR_INVALID_ARGUMENT, "data");
    VT_FAILS(vela_image_wrap_host(&d, 0, NULL), VELA_ERROR_INVALID_ARGUMENT, "image");
    d.planes[2].data = NULL;
    VT_FAILS(vela_image_wrap_host(&d, VELA_BACKEND_CPU, &img), VELA_ERROR_INVALID_ARGUMENT, "planes[2].data");
    d = b.data;
    d.planes[1].pitch = 3;
    VT_FAILS(vela_image_wrap_host(&d, VELA_BACKEND_CPU, &img), VELA_ERROR_INVALID_ARGUMENT, "planes[1].pitch 3");
    d = b.data;
    d.width = 0;
    VT_FAILS(vela_image_wrap_host(&d, VELA_BACKEND_CPU, &img), VELA_ERROR_INVALID_ARGUMENT, "data->size 0x6");
    d = b.data;
    d.format = (vela_format)100;
    VT_FAILS(vela_image_wrap_host(&d, VELA_BACKEND_CPU, &img), VELA_ERROR_INVALID_IMAGE_FORMAT, "100");
    d = b.data;
    VT_FAILS(vela_image_wrap_host(&d, 0x8, &img), VELA_ERROR_INVALID_ARGUMENT, "0x8");
    if (!vela_backend_available(VELA_BACKEND_CUDA))
        VT_FAILS(vela_image_wrap_cuda(&d, 0, &img), VELA_ERROR_BACKEND_UNAVAILABLE, "CUDA");
    ck_assert_ptr_null(img);

    vela_image *created;
    VT_OK(vela_image_create(8, 6, VELA_FORMAT_I420, VELA_BACKEND_CPU, &created));
    VT_FAILS(vela_image_set_wrapped(created, &d), VELA_ERROR_INVALID_OPERATION, "not wrapped");
    VT_FAILS(vela_image_set_wrapped(NULL, &d), VELA_ERROR_INVALID_ARGUMENT, "image");
    VT_OK(vela_image_wrap_host(&d, VELA_BACKEND_CPU, &img));
    d.planes[0].pitch = -8;
    VT_FAILS(vela_image_set_wrapped(img, &d), VELA_ERROR_INVALID_ARGUMENT, "planes[0].pitch -8");
    VT_FAILS(vela_image_set_wrapped(img, NULL), VELA_ERROR_INVALID_ARGUMENT, "data");
    vela_image_destroy(img);
    vela_image_destroy(created);
    vela_image_destroy(NULL);
    vt_buffer_free(&b);
}
END_TEST

typedef struct release_log {
    int calls;
    vt_buffer *buffer;  /* poisoned at release, as an owner reusing its memory would */
} release_log;

static void log_release(void *user)
{
    release_log *log = user;
    log->calls++;
    if (log->buffer) vt_poison_data(&log->buffer->data);
}

START_TEST(test_wrap_release_after_pending_work)
{
    vt_buffer a = vt_buffer_alloc(VELA_FORMAT_U8, 33, 7, 3, 0), b = vt_buffer_alloc(VELA_FORMAT_U8, 5, 5, 0, 0);
    memset(a.data.planes[0].data, 7, (size_t)a.data.planes[0].pitch * 7);
    release_log la = { 0, &a }, lb = { 0, NULL };
    vela_image *img, *out;
    vela_stream *stream;
    VT_OK(vela_stream_create(VELA_BACKEND_CPU, &stream));
    VT_OK(vela_image_create(33, 7, VELA_FORMAT_F32, VELA_BACKEND_CPU, &out));
    VT_OK(vela_image_wrap_host(&a.data, VELA_BACKEND_CPU, &img));
    VT_OK(vela_image_set_release(img, log_release, &la));
    VT_OK(vela_submit_convert_format(stream, VELA_BACKEND_CPU, img, out, NULL));
    vela_image_destroy(img);  /* the conversion may still be pending: release must wait for it */
    ck_assert_int_eq(la.calls, 1);
    VT_OK(vela_stream_sync(stream));
    vela_image_data d;
    VT_OK(vela_image_lock(out, VELA_LOCK_READ, VELA_BUFFER_HOST, &d));
    for (int y = 0; y < 7; y++)
        for (int x = 0; x < 33; x++)
            ck_assert_float_eq(((const float *)((const char *)d.planes[0].data + (size_t)y * d.planes[0].pitch))[x], 7.0f);
    VT_OK(vela_image_unlock(out));

    /* set_wrapped hands the old memory back and forgets the callback; a new one may follow. */
    la = (release_log){ 0, NULL };
    VT_OK(vela_image_wrap_host(&b.data, VELA_BACKEND_CPU, &img));
    VT_OK(vela_image_set_release(img, log_release, &lb));
    VT_OK(vela_image_set_release(img, log_release, &la));  /* replaces, without calling */
    ck_assert_int_eq(la.calls + lb.calls, 0);
    VT_OK(vela_image_set_wrapped(img, &a.data));
    ck_assert_int_eq(la.calls, 1);
    VT_OK(vela_image_set_release(img, log_release, &lb));
    VT_OK(vela_image_set_release(img, NULL, &lb));  /* removed */
    VT_OK(vela_image_set_wrapped(img, &b.data));
    VT_OK(vela_image_set_release(img, log_release, &lb));
    vela_image_destroy(img);
    ck_assert_int_eq(la.calls, 1);
    ck_assert_int_eq(lb.calls, 1);

    VT_FAILS(vela_image_set_release(NULL, log_release, &la), VELA_ERROR_INVALID_ARGUMENT, "image");
    VT_FAILS(vela_image_set_release(out, log_release, &la), VELA_ERROR_INVALID_OPERATION, "not wrapped");
    vela_image_destroy(out);
    vela_stream_destroy(stream);
    vt_buffer_free(&a);
    vt_buffer_free(&b);
}
END_TEST

START_TEST(test_lock_bad_input)
{
    vela_image *img;
    vela_image_data d;
    VT_OK(vela_image_create(4, 4, VELA_FORMAT_U8, VELA_BACKEND_CPU, &img));
    VT_FAILS(vela_image_lock(NULL, VELA_LOCK_READ, VELA_BUFFER_HOST, &d), VELA_ERROR_INVALID_ARGUMENT, "image");
    VT_FAILS(vela_image_lock(img, (vela_lock_mode)0, VELA_BUFFER_HOST, &d), VELA_ERROR_INVALID_ARGUMENT, "mode 0");
    VT_FAILS(vela_image_lock(img, VELA_LOCK_READ, (vela_buffer)9, &d), VELA_ERROR_INVALID_ARGUMENT, "buffer 9");
    VT_FAILS(vela_image_lock(img, VELA_LOCK_READ, VELA_BUFFER_HOST, NULL), VELA_ERROR_INVALID_ARGUMENT, "data");
    VT_FAILS(vela_image_lock(img, VELA_LOCK_READ, VELA_BUFFER_CUDA, &d), VELA_ERROR_BACKEND_UNAVAILABLE, "CUDA");
    VT_FAILS(vela_image_unlock(img), VELA_ERROR_INVALID_OPERATION, "not locked");
    VT_OK(vela_image_lock(img, VELA_LOCK_READ, VELA_BUFFER_HOST, &d));
    VT_FAILS(vela_image_lock(img, VELA_LOCK_READ, VELA_BUFFER_HOST, &d), VELA_ERROR_INVALID_OPERATION, "already locked");
    VT_OK(vela_image_unlock(img));
    VT_FAILS(vela_image_unlock(NULL), VELA_ERROR_INVALID_ARGUMENT, "image");
    int32_t w;
    vela_format f;
    VT_FAILS(vela_image_get_size(NULL, &w, &w), VELA_ERROR_INVALID_ARGUMENT, "image");
    VT_FAILS(vela_image_get_size(img, NULL, NULL), VELA_ERROR_INVALID_ARGUMENT, "width");
    VT_FAILS(vela_image_get_format(img, NULL), VELA_ERROR_INVALID_ARGUMENT, "format");
    VT_FAILS(vela_image_get_format(NULL, &f), VELA_ERROR_INVALID_ARGUMENT, "image");
    vela_image_destroy(img);
}
END_TEST

START_TEST(test_backend_names)
{
    ck_assert_str_eq(vela_backend_name(VELA_BACKEND_CPU), "CPU");
    ck_assert_str_eq(vela_backend_name(VELA_BACKEND_CUDA), "CUDA");
    ck_assert_str_eq(vela_backend_name(VELA_BACKEND_AUTO), "AUTO");
    ck_assert_str_eq(vela_backend_name((vela_backend)3), "?");
    ck_assert_int_eq(vela_backend_available(VELA_BACKEND_CPU), 1);
    ck_assert_int_eq(vela_backend_available((vela_backend)64), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("image");
    TCase *tc = tcase_create("image");
    tcase_add_test(tc, test_create_lock_every_format_any_width);
    tcase_add_test(tc, test_plane_extents);
    tcase_add_test(tc, test_wrap_host_pitched);
    tcase_add_test(tc, test_create_bad_input);
    tcase_add_test(tc, test_wrap_bad_input);
    tcase_add_test(tc, test_wrap_release_after_pending_work);
    tcase_add_test(tc, test_lock_bad_input);
    tcase_add_test(tc, test_backend_names);
    suite_add_tcase(s, tc);
    return vt_run(s);
}
