// The C++ layer (vela/vela.hpp): handles free what they own and move, errors throw vela::Error
// with the status and message (or, built with VELA_NO_EXCEPTIONS and -fno-exceptions, come back
// as vela_status), Lock unlocks at scope exit, and the cv::Mat helpers when OpenCV is there.
// C++ headers first: check.h defines a macro `fail` that std::basic_ios would trip over.
#if VT_WITH_OPENCV
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#endif
#include <vela/vela.hpp>

#include <cstring>
#include <string>
#include <type_traits>
#include <utility>

#include "harness.h"

#if !defined(VELA_NO_EXCEPTIONS)
// Runs `body`, which must throw vela::Error with `status` and a message containing `needle`.
template <class F>
void expect_error(F &&body, vela_status status, const char *needle)
{
    try {
        body();
    } catch (const vela::Error &e) {
        ck_assert_int_eq(e.status(), status);
        ck_assert_msg(e.message().find(needle) != std::string::npos, "\"%s\" lacks \"%s\"", e.message().c_str(), needle);
        ck_assert_msg(std::strstr(e.what(), vela_status_name(status)) != nullptr, "what() is \"%s\"", e.what());
        return;
    }
    ck_abort_msg("no vela::Error thrown (expected %s)", vela_status_name(status));
}
#define EXPECT_ERROR(call, status, needle) expect_error([&] { call; }, status, needle)
#else
static_assert(std::is_same<vela::Status, vela_status>::value, "without exceptions, calls return vela_status");
#define EXPECT_ERROR(call, status, needle) VT_FAILS(call, status, needle)
#endif

START_TEST(test_hpp_handles_own_and_move)
{
    vela::Stream stream(VELA_BACKEND_CPU);
    ck_assert_ptr_nonnull(stream.get());
    vela::Image a(16, 8, VELA_FORMAT_U8, VELA_BACKEND_CPU);
    ck_assert_int_eq(a.width(), 16);
    ck_assert_int_eq(a.height(), 8);
    ck_assert_int_eq(a.format(), VELA_FORMAT_U8);
    vela_image *raw = a;
    vela::Image b(std::move(a));
    ck_assert_ptr_null(a.get());
    ck_assert_ptr_eq(b.get(), raw);
    ck_assert_int_eq(a.width(), 0);
    ck_assert_int_eq(a.format(), VELA_FORMAT_INVALID);
    a = std::move(b);
    ck_assert_ptr_eq(a.get(), raw);
    vela_image *released = a.release();
    ck_assert_ptr_null(a.get());
    a.reset(released);  // adopted again, destroyed with `a`

    // out() for the C create functions.
    vela::Event start, end;
    VT_OK(vela_event_create(start.out()));
    end.create();
    vela::Payload payload;
    ck_assert_ptr_null(payload.get());

    // A conversion through the C API, with the handles as its arguments.
    vela::Image f32(16, 8, VELA_FORMAT_F32, VELA_BACKEND_CPU);
    {
        vela::Lock px(a, VELA_LOCK_WRITE);
        ck_assert(static_cast<bool>(px));
        for (int32_t y = 0; y < 8; y++)
            for (int32_t x = 0; x < 16; x++) px.row(y)[x] = (uint8_t)(x + y);
    }
    start.record(stream);
    vela::check(vela_submit_convert_format(stream, VELA_BACKEND_CPU, a, f32, nullptr));
    end.record(stream);
    stream.sync();
    end.sync();
    ck_assert_int_eq(end.query(), VELA_OK);
    float ms = -1;
    start.elapsed_ms(end, &ms);
    ck_assert(ms >= 0);
    vela::Lock px(f32, VELA_LOCK_READ);
    ck_assert(px.row<float>(7)[15] == 22.0f);
    // While the Lock lives the image is locked; moved, it still unlocks once.
    VT_FAILS(vela_image_lock(f32, VELA_LOCK_READ, VELA_BUFFER_HOST, nullptr), VELA_ERROR_INVALID_ARGUMENT, "data");
    vela_image_data d;
    VT_FAILS(vela_image_lock(f32, VELA_LOCK_READ, VELA_BUFFER_HOST, &d), VELA_ERROR_INVALID_OPERATION, "already locked");
    {
        vela::Lock moved(std::move(px));
        ck_assert(!px);
        ck_assert_ptr_eq(moved.data().planes[0].data, px.data().planes[0].data);
    }
    VT_OK(vela_image_lock(f32, VELA_LOCK_READ, VELA_BUFFER_HOST, &d));
    VT_OK(vela_image_unlock(f32));
}
END_TEST

START_TEST(test_hpp_errors)
{
    vela::Image img;
    EXPECT_ERROR(img.create(0, 4, VELA_FORMAT_U8, VELA_BACKEND_CPU), VELA_ERROR_INVALID_ARGUMENT, "0x4");
    ck_assert_ptr_null(img.get());
    EXPECT_ERROR(vela::check(vela_image_create(4, 4, VELA_FORMAT_INVALID, 0, img.out())), VELA_ERROR_INVALID_IMAGE_FORMAT,
                 "format 0");
    vela::Stream stream;
    EXPECT_ERROR(stream.create(0x100), VELA_ERROR_INVALID_ARGUMENT, "0x100");
    EXPECT_ERROR(stream.sync(), VELA_ERROR_INVALID_ARGUMENT, "stream");
    vela::Image ok(4, 4, VELA_FORMAT_U8, VELA_BACKEND_CPU);
#if defined(VELA_NO_EXCEPTIONS)
    // A constructor that fails leaves an empty handle; a Lock says why.
    vela::Image bad(0, 0, VELA_FORMAT_U8);
    ck_assert_ptr_null(bad.get());
    vela::Lock lock(ok, VELA_LOCK_READ, (vela_buffer)3);
    ck_assert(!lock);
    ck_assert_int_eq(lock.status(), VELA_ERROR_INVALID_ARGUMENT);
    vela::Lock second(ok, VELA_LOCK_READ);
    ck_assert_int_eq(second.status(), VELA_OK);
#else
    EXPECT_ERROR(vela::Image(0, 0, VELA_FORMAT_U8), VELA_ERROR_INVALID_ARGUMENT, "0x0");
    EXPECT_ERROR(vela::Lock(ok, VELA_LOCK_READ, (vela_buffer)3), VELA_ERROR_INVALID_ARGUMENT, "buffer 3");
    vela::Lock second(ok, VELA_LOCK_READ);  // the failed Lock left the image unlocked
    try {
        vela::check(VELA_ERROR_NOT_READY);
        ck_abort_msg("no throw");
    } catch (const std::runtime_error &e) {  // vela::Error is a std::runtime_error
        ck_assert(std::strstr(e.what(), "VELA_ERROR_NOT_READY") != nullptr);
    }
#endif
}
END_TEST

#if VT_WITH_OPENCV
START_TEST(test_hpp_opencv)
{
    vt_seed(11);
    cv::Mat parent(20, 30, CV_8UC3);
    cv::randu(parent, 0, 256);
    cv::Mat frame = parent(cv::Rect(2, 3, 17, 9));
    vela::Stream stream(VELA_BACKEND_CPU);
    vela::Image in(frame);  // BGR8, wrapped
    ck_assert_int_eq(in.format(), VELA_FORMAT_BGR8);
    vela::Image gray(17, 9, VELA_FORMAT_U8, VELA_BACKEND_CPU);
    vela::check(vela_submit_convert_format(stream, VELA_BACKEND_CPU, in, gray, nullptr));
    stream.sync();
    cv::Mat expected, shown;
    cv::cvtColor(frame, expected, cv::COLOR_BGR2GRAY);
    {
        vela::Lock px(gray, VELA_LOCK_READ);
        px.mat(shown);
        ck_assert_ptr_eq(shown.data, px.data().planes[0].data);
        ck_assert_double_eq(cv::norm(shown, expected, cv::NORM_INF), 0);
    }

    // The next frame, as RGB this time; then a Mat vela cannot take.
    cv::Mat next(9, 17, CV_8UC3, cv::Scalar(1, 2, 3));
    in.set(next, VELA_FORMAT_RGB8);
    ck_assert_int_eq(in.format(), VELA_FORMAT_RGB8);
    cv::Mat doubles(4, 4, CV_64FC1);
    EXPECT_ERROR(in.set(doubles), VELA_ERROR_INVALID_IMAGE_FORMAT, "CV_64FC1");
    vela::Image other;
    EXPECT_ERROR(other.wrap(doubles), VELA_ERROR_INVALID_IMAGE_FORMAT, "CV_64FC1");
    ck_assert_ptr_null(other.get());

    // Copies for the layouts a header cannot show.
    vela::Image i420(8, 6, VELA_FORMAT_I420, VELA_BACKEND_CPU);
    cv::Mat yuv(9, 8, CV_8UC1), back;
    cv::randu(yuv, 0, 256);
    vela::copy(yuv, i420);
    vela::copy(i420, back);
    ck_assert_double_eq(cv::norm(yuv, back, cv::NORM_INF), 0);
    {
        vela::Lock px(i420, VELA_LOCK_READ);
        EXPECT_ERROR(px.mat(shown), VELA_ERROR_INVALID_ARGUMENT, "vela_opencv_copy_to_mat");
    }

    vela_matrix3 m = { { { 1, 2, 3 }, { 4, 5, 6 }, { 7, 8, 9 } } };
    cv::Mat h = vela::to_mat(m);
    ck_assert_int_eq(h.type(), CV_64FC1);
    ck_assert(h.at<double>(1, 2) == 6 && h.at<double>(2, 0) == 7);
    m.m[1][2] = 0;
    ck_assert(h.at<double>(1, 2) == 6);  // a copy of its own
}
END_TEST
#endif

int main()
{
    Suite *s = suite_create("vela_hpp");
    TCase *tc = tcase_create("vela_hpp");
    tcase_add_test(tc, test_hpp_handles_own_and_move);
    tcase_add_test(tc, test_hpp_errors);
#if VT_WITH_OPENCV
    tcase_add_test(tc, test_hpp_opencv);
#endif
    suite_add_tcase(s, tc);
    return vt_run(s);
}
