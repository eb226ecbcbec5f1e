/* The bridge from C, through vela/opencv.h alone: Mats made by the bridge, wrapped, released by
 * their owner while the wrapper works, cut into ROIs, exported, copied; parameters as the ints a
 * C++ caller would hand over. Compiled as C11 with no OpenCV header in reach of this file. */
#include <vela/opencv.h>

#include "harness.h"

#ifdef CV_VERSION_MAJOR
#error "this test must see no OpenCV header"
#endif

/* Fills a locked image's rows with `value` in every byte. */
static void fill(vela_image *img, uint8_t value)
{
    vela_image_data d;
    VT_OK(vela_image_lock(img, VELA_LOCK_WRITE, VELA_BUFFER_HOST, &d));
    for (int p = 0; p < d.num_planes; p++) {
        int32_t rows, row_bytes;
        VT_OK(vela_format_plane_extent(d.format, d.width, d.height, p, NULL, &rows, &row_bytes));
        for (int32_t y = 0; y < rows; y++) memset((uint8_t *)d.planes[p].data + (size_t)y * d.planes[p].pitch, value, (size_t)row_bytes);
    }
    VT_OK(vela_image_unlock(img));
}

START_TEST(test_c_wrap_convert_after_owner_let_go)
{
    void *bgr;
    vela_image *src, *gray;
    vela_stream *stream;
    VT_OK(vela_opencv_mat_create(37, 5, VELA_FORMAT_BGR8, &bgr));
    VT_OK(vela_opencv_wrap_mat(bgr, VELA_FORMAT_INVALID, VELA_BACKEND_CPU, &src));
    vela_format f;
    VT_OK(vela_image_get_format(src, &f));
    ck_assert_int_eq(f, VELA_FORMAT_BGR8);
    vela_opencv_mat_destroy(bgr);  /* the owner lets go; the wrapper holds the pixels */

    vela_image_data d;
    VT_OK(vela_image_lock(src, VELA_LOCK_WRITE, VELA_BUFFER_HOST, &d));
    for (int32_t y = 0; y < 5; y++)
        for (int32_t x = 0; x < 37; x++) {
            uint8_t *px = (uint8_t *)d.planes[0].data + (size_t)y * d.planes[0].pitch + 3 * x;
            px[0] = 10, px[1] = 200, px[2] = 90;  /* B, G, R */
        }
    VT_OK(vela_image_unlock(src));

    VT_OK(vela_stream_create(VELA_BACKEND_CPU, &stream));
    VT_OK(vela_image_create(37, 5, VELA_FORMAT_U8, VELA_BACKEND_CPU, &gray));
    VT_OK(vela_submit_convert_format(stream, VELA_BACKEND_CPU, src, gray, NULL));
    VT_OK(vela_stream_sync(stream));
    const uint8_t expected = (uint8_t)((9798 * 90 + 19235 * 200 + 3735 * 10 + 16384) >> 15);
    VT_OK(vela_image_lock(gray, VELA_LOCK_READ, VELA_BUFFER_HOST, &d));
    for (int32_t y = 0; y < 5; y++)
        for (int32_t x = 0; x < 37; x++) ck_assert_int_eq(((uint8_t *)d.planes[0].data)[(size_t)y * d.planes[0].pitch + x], expected);
    VT_OK(vela_image_unlock(gray));

    /* The result as a Mat (a header over vela's memory), wrapped again: the same pixels. */
    void *view, *empty;
    vela_image *again;
    VT_OK(vela_opencv_mat_create(0, 0, VELA_FORMAT_INVALID, &view));
    VT_OK(vela_opencv_lock_mat(gray, VELA_LOCK_READ, view));
    VT_OK(vela_opencv_wrap_mat(view, VELA_FORMAT_INVALID, VELA_BACKEND_CPU, &again));
    vela_image_data a;
    VT_OK(vela_image_lock(again, VELA_LOCK_READ, VELA_BUFFER_HOST, &a));
    VT_OK(vela_image_unlock(gray));
    VT_OK(vela_image_lock(gray, VELA_LOCK_READ, VELA_BUFFER_HOST, &d));
    ck_assert_ptr_eq(a.planes[0].data, d.planes[0].data);
    ck_assert_int_eq(a.planes[0].pitch, d.planes[0].pitch);
    VT_OK(vela_image_unlock(gray));
    VT_OK(vela_image_unlock(again));
    vela_image_destroy(again);
    vela_opencv_mat_destroy(view);

    VT_OK(vela_opencv_mat_create(0, 0, VELA_FORMAT_INVALID, &empty));
    VT_FAILS(vela_opencv_wrap_mat(empty, VELA_FORMAT_INVALID, 0, &again), VELA_ERROR_INVALID_ARGUMENT, "empty");
    ck_assert_ptr_null(again);
    vela_opencv_mat_destroy(empty);
    vela_image_destroy(src);
    vela_image_destroy(gray);
    vela_stream_destroy(stream);
}
END_TEST

START_TEST(test_c_roi_pitched_and_set_mat)
{
    void *big, *roi, *next;
    vela_image *img;
    VT_OK(vela_opencv_mat_create(50, 20, VELA_FORMAT_F32, &big));
    VT_OK(vela_opencv_mat_roi(big, 3, 2, 11, 7, &roi));
    VT_OK(vela_opencv_wrap_mat(roi, VELA_FORMAT_INVALID, VELA_BACKEND_CPU, &img));
    vela_opencv_mat_destroy(roi);
    vela_opencv_mat_destroy(big);
    vela_image_data d;
    VT_OK(vela_image_lock(img, VELA_LOCK_READ, VELA_BUFFER_HOST, &d));
    ck_assert_int_eq(d.format, VELA_FORMAT_F32);
    ck_assert_int_eq(d.width, 11);
    ck_assert_int_eq(d.height, 7);
    ck_assert_int_eq(d.planes[0].pitch, 50 * 4);  /* the parent's step */
    VT_OK(vela_image_unlock(img));

    VT_OK(vela_opencv_mat_create(8, 6, VELA_FORMAT_NV12, &next));
    VT_OK(vela_opencv_set_mat(img, next, VELA_FORMAT_NV12));
    VT_OK(vela_image_lock(img, VELA_LOCK_READ, VELA_BUFFER_HOST, &d));
    ck_assert_int_eq(d.format, VELA_FORMAT_NV12);
    ck_assert_int_eq(d.height, 6);
    ck_assert_ptr_eq(d.planes[1].data, (uint8_t *)d.planes[0].data + 6 * 8);
    VT_OK(vela_image_unlock(img));
    VT_FAILS(vela_opencv_set_mat(img, next, VELA_FORMAT_RGB8), VELA_ERROR_INVALID_IMAGE_FORMAT, "RGB8");
    VT_FAILS(vela_opencv_set_mat(img, next, (vela_format)99), VELA_ERROR_INVALID_IMAGE_FORMAT, "format 99");
    VT_FAILS(vela_opencv_lock_mat(img, (vela_lock_mode)-5, next), VELA_ERROR_INVALID_ARGUMENT, "mode -5");
    VT_FAILS(vela_opencv_mat_create(2, 2, (vela_format)-3, &big), VELA_ERROR_INVALID_IMAGE_FORMAT, "format -3");
    vela_opencv_mat_destroy(next);
    vela_image_destroy(img);
}
END_TEST

START_TEST(test_c_copy_i420)
{
    vela_image *img, *back_img;
    void *mat;
    VT_OK(vela_image_create(10, 6, VELA_FORMAT_I420, VELA_BACKEND_CPU, &img));
    fill(img, 77);
    VT_OK(vela_opencv_mat_create(0, 0, VELA_FORMAT_INVALID, &mat));
    VT_FAILS(vela_opencv_lock_mat(img, VELA_LOCK_READ, mat), VELA_ERROR_INVALID_ARGUMENT, "copy_to_mat");
    VT_OK(vela_opencv_copy_to_mat(img, mat));
    VT_OK(vela_opencv_wrap_mat(mat, VELA_FORMAT_I420, VELA_BACKEND_CPU, &back_img));  /* continuous: wraps */
    vela_image_data a, b;
    VT_OK(vela_image_lock(img, VELA_LOCK_READ, VELA_BUFFER_HOST, &a));
    VT_OK(vela_image_lock(back_img, VELA_LOCK_READ, VELA_BUFFER_HOST, &b));
    ck_assert_uint_eq(vt_diff_data(&a, &b), 0);
    VT_OK(vela_image_unlock(img));
    VT_OK(vela_image_unlock(back_img));
    fill(img, 3);
    VT_OK(vela_opencv_copy_from_mat(mat, img));
    VT_OK(vela_image_lock(img, VELA_LOCK_READ, VELA_BUFFER_HOST, &a));
    ck_assert_int_eq(((uint8_t *)a.planes[2].data)[a.planes[2].pitch * 2 + 4], 77);
    VT_OK(vela_image_unlock(img));
    vela_image_destroy(back_img);
    vela_image_destroy(img);
    vela_opencv_mat_destroy(mat);
}
END_TEST

START_TEST(test_c_parameters)
{
    /* cv::BORDER_REFLECT_101 | cv::BORDER_ISOLATED, cv::INTER_CUBIC | cv::WARP_INVERSE_MAP */
    vela_border border;
    vela_interp interp;
    int inverse, back;
    VT_OK(vela_opencv_border(4 | 16, &border));
    ck_assert_int_eq(border, VELA_BORDER_REFLECT_101);
    VT_OK(vela_opencv_border_to_cv(VELA_BORDER_REPLICATE, &back));
    ck_assert_int_eq(back, 1);
    VT_OK(vela_opencv_interp(2 | 16, &interp, &inverse));
    ck_assert_int_eq(interp, VELA_INTERP_CUBIC);
    ck_assert_int_eq(inverse, 1);
    VT_OK(vela_opencv_interp_to_cv(VELA_INTERP_AREA, &back));
    ck_assert_int_eq(back, 3);
    VT_FAILS(vela_opencv_border(3, &border), VELA_ERROR_INVALID_ARGUMENT, "BORDER_WRAP");
    VT_FAILS(vela_opencv_border_to_cv((vela_border)12, &back), VELA_ERROR_INVALID_ARGUMENT, "border 12");
    VT_FAILS(vela_opencv_interp_to_cv((vela_interp)9, &back), VELA_ERROR_INVALID_ARGUMENT, "interp 9");
    ck_assert_int_eq(back, 3);
    VT_FAILS(vela_opencv_interp(4, &interp, &inverse), VELA_ERROR_INVALID_ARGUMENT, "LANCZOS4");

    /* A Mat that is no 3x3 matrix: an F32 image-shaped Mat of 4x3. */
    void *mat;
    vela_matrix3 m;
    VT_OK(vela_opencv_mat_create(4, 3, VELA_FORMAT_F32, &mat));
    VT_FAILS(vela_opencv_matrix3(mat, &m), VELA_ERROR_INVALID_ARGUMENT, "3x3");
    VT_FAILS(vela_opencv_camera(mat, NULL, &m, NULL), VELA_ERROR_INVALID_ARGUMENT, "camera_matrix");
    vela_opencv_mat_destroy(mat);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("opencv_bridge_c");
    TCase *tc = tcase_create("opencv_bridge_c");
    tcase_add_test(tc, test_c_wrap_convert_after_owner_let_go);
    tcase_add_test(tc, test_c_roi_pitched_and_set_mat);
    tcase_add_test(tc, test_c_copy_i420);
    tcase_add_test(tc, test_c_parameters);
    suite_add_tcase(s, tc);
    return vt_run(s);
}
