// A small header-only C++ layer over vela's C API: handles that free themselves, errors as
// exceptions, and cv::Mat helpers.
//
//   vela::Stream stream(0);                           // 0: every backend available here
//   vela::Image gray(640, 480, VELA_FORMAT_U8);
//   vela::check(vela_submit_convert_format(stream, VELA_BACKEND_AUTO, camera, gray, nullptr));
//   stream.sync();
//   vela::Lock pixels(gray, VELA_LOCK_READ);          // unlocked when it goes out of scope
//
// Handles (Stream, Image, Event, Payload) are move-only and convert to their C pointers, so every
// C function takes them; out() gives a C create function somewhere to put a new object:
// vela::check(vela_create_remap(..., payload.out())). A default-constructed handle is empty.
//
// Errors: a failing call throws vela::Error, which carries the vela_status and the message. Define
// VELA_NO_EXCEPTIONS before including this header (code built with -fno-exceptions) and nothing
// throws: vela::Status becomes vela_status, so every call that can fail returns it, and a
// constructor that fails leaves an empty handle (test it with !handle; the message is in
// vela_last_error_message()).
//
// cv::Mat helpers come when <opencv2/core.hpp> is included before this header (link vela_opencv):
// vela::Image wraps a Mat without copying, vela::Lock shows an image as a Mat, vela::copy handles
// the layouts a Mat header cannot describe.
#ifndef VELA_VELA_HPP
#define VELA_VELA_HPP

#include <cstddef>
#include <cstdint>

#include <vela/vela.h>

#if !defined(VELA_NO_EXCEPTIONS)
#include <stdexcept>
#include <string>
#endif

#if defined(CV_VERSION_MAJOR)
#define VELA_HPP_HAS_OPENCV 1
#include <vela/opencv.h>
#else
#define VELA_HPP_HAS_OPENCV 0
#endif

namespace vela {

#if !defined(VELA_NO_EXCEPTIONS)
class Error : public std::runtime_error {
public:
    Error(vela_status status, const std::string &message)
        : std::runtime_error(std::string(vela_status_name(status)) + ": " + message), status_(status), message_(message)
    {
    }
    vela_status status() const noexcept { return status_; }
    const std::string &message() const noexcept { return message_; }

private:
    vela_status status_;
    std::string message_;
};

using Status = void;
inline void check(vela_status status)
{
    if (status != VELA_OK) throw Error(status, vela_last_error_message());
}
#else
using Status = vela_status;
inline vela_status check(vela_status status) noexcept { return status; }
#endif

namespace detail {

template <class T, void (*Destroy)(T *)>
class Handle {
public:
    Handle() noexcept = default;
    Handle(Handle &&other) noexcept : h_(other.release()) {}
    Handle &operator=(Handle &&other) noexcept
    {
        if (this != &other) reset(other.release());
        return *this;
    }
    Handle(const Handle &) = delete;
    Handle &operator=(const Handle &) = delete;
    ~Handle() { reset(); }

    T *get() const noexcept { return h_; }
    operator T *() const noexcept { return h_; }
    // Gives up ownership without destroying.
    T *release() noexcept
    {
        T *h = h_;
        h_ = nullptr;
        return h;
    }
    // Destroys the current object (if any) and adopts `h`.
    void reset(T *h = nullptr) noexcept
    {
        if (h_) Destroy(h_);
        h_ = h;
    }
    // Destroys the current object and returns where a C create function may put a new one.
    T **out() noexcept
    {
        reset();
        return &h_;
    }

private:
    T *h_ = nullptr;
};

}  // namespace detail

class Stream : public detail::Handle<vela_stream, vela_stream_destroy> {
public:
    Stream() noexcept = default;
    // `backends` as for vela_stream_create: 0 for every available one.
    explicit Stream(uint32_t backends) { create(backends); }
    Status create(uint32_t backends) { return check(vela_stream_create(backends, out())); }
    Status sync() { return check(vela_stream_sync(get())); }
    Status wait(vela_event *event) { return check(vela_stream_wait_event(get(), event)); }
};

class Event : public detail::Handle<vela_event, vela_event_destroy> {
public:
    Event() noexcept = default;
    Status create() { return check(vela_event_create(out())); }
    Status record(vela_stream *stream) { return check(vela_event_record(get(), stream)); }
    Status sync() { return check(vela_event_sync(get())); }
    // VELA_OK when reached, VELA_ERROR_NOT_READY when not yet: an answer, never thrown.
    vela_status query() const noexcept { return vela_event_query(get()); }
    // Milliseconds from this event to `end`.
    Status elapsed_ms(vela_event *end, float *ms) const { return check(vela_event_elapsed_ms(get(), end, ms)); }
};

// Payloads come from the families' create functions: vela::check(vela_create_x(..., p.out())).
class Payload : public detail::Handle<vela_payload, vela_payload_destroy> {
public:
    Payload() noexcept = default;
};

class Image : public detail::Handle<vela_image, vela_image_destroy> {
public:
    Image() noexcept = default;
    Image(int32_t width, int32_t height, vela_format format, uint32_t backends = 0)
    {
        create(width, height, format, backends);
    }
    Status create(int32_t width, int32_t height, vela_format format, uint32_t backends = 0)
    {
        return check(vela_image_create(width, height, format, backends, out()));
    }
    Status wrap_host(const vela_image_data &data, uint32_t backends = 0)
    {
        return check(vela_image_wrap_host(&data, backends, out()));
    }
    Status wrap_cuda(const vela_image_data &data, uint32_t backends = 0)
    {
        return check(vela_image_wrap_cuda(&data, backends, out()));
    }
    Status set_wrapped(const vela_image_data &data) { return check(vela_image_set_wrapped(get(), &data)); }

    // 0 and VELA_FORMAT_INVALID for an empty handle.
    int32_t width() const noexcept
    {
        int32_t w = 0;
        if (get()) vela_image_get_size(get(), &w, nullptr);
        return w;
    }
    int32_t height() const noexcept
    {
        int32_t h = 0;
        if (get()) vela_image_get_size(get(), nullptr, &h);
        return h;
    }
    vela_format format() const noexcept
    {
        vela_format f = VELA_FORMAT_INVALID;
        if (get()) vela_image_get_format(get(), &f);
        return f;
    }

#if VELA_HPP_HAS_OPENCV
    // Wraps `mat` without copying; the image keeps the Mat's buffer alive (see vela/opencv.h).
    explicit Image(const cv::Mat &mat, vela_format format = VELA_FORMAT_INVALID, uint32_t backends = 0)
    {
        wrap(mat, format, backends);
    }
    Status wrap(const cv::Mat &mat, vela_format format = VELA_FORMAT_INVALID, uint32_t backends = 0)
    {
        return check(vela_opencv_wrap_mat(&mat, format, backends, out()));
    }
    // The next frame: points this wrapper at `mat`, letting go of the previous one.
    Status set(const cv::Mat &mat, vela_format format = VELA_FORMAT_INVALID)
    {
        return check(vela_opencv_set_mat(get(), &mat, format));
    }
#endif
};

// An image's pixels on one side, for the scope of the Lock.
class Lock {
public:
    Lock(vela_image *image, vela_lock_mode mode, vela_buffer buffer = VELA_BUFFER_HOST)
    {
        status_ = vela_image_lock(image, mode, buffer, &data_);
        if (status_ == VELA_OK) image_ = image;
        check(status_);
    }
    Lock(Lock &&other) noexcept : image_(other.image_), data_(other.data_), status_(other.status_)
    {
        other.image_ = nullptr;
    }
    Lock(const Lock &) = delete;
    Lock &operator=(const Lock &) = delete;
    Lock &operator=(Lock &&) = delete;
    ~Lock()
    {
        if (image_) vela_image_unlock(image_);
    }

    explicit operator bool() const noexcept { return image_ != nullptr; }
    vela_status status() const noexcept { return status_; }
    const vela_image_data &data() const noexcept { return data_; }
    // Row `y` of `plane`, as T.
    template <class T = uint8_t>
    T *row(int32_t y, int plane = 0) const noexcept
    {
        return reinterpret_cast<T *>(static_cast<char *>(data_.planes[plane].data) +
                                     static_cast<std::ptrdiff_t>(y) * data_.planes[plane].pitch);
    }

#if VELA_HPP_HAS_OPENCV
    // The pixels as a Mat header, no copy, valid while the Lock lives.
    Status mat(cv::Mat &out) const { return check(vela_opencv_data_to_mat(&data_, &out)); }
#endif

private:
    vela_image *image_ = nullptr;
    vela_image_data data_ = {};
    vela_status status_ = VELA_OK;
};

#if VELA_HPP_HAS_OPENCV
// Copies for layouts a Mat header cannot describe (NV12 / I420 with planes apart, I420 with
// padded rows): `src` must have the Mat shape of `dst`'s size and format.
inline Status copy(const cv::Mat &src, vela_image *dst) { return check(vela_opencv_copy_from_mat(&src, dst)); }
// `dst` is (re)allocated to the image's Mat shape unless it has it already.
inline Status copy(vela_image *src, cv::Mat &dst) { return check(vela_opencv_copy_to_mat(src, &dst)); }

// A matrix as a 3x3 CV_64F Mat of its own.
inline cv::Mat to_mat(const vela_matrix3 &m) { return cv::Mat(3, 3, CV_64F, const_cast<double *>(&m.m[0][0])).clone(); }
#endif

}  // namespace vela

#endif
