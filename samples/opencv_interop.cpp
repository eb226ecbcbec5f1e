// vela inside an OpenCV program: frames from cv::VideoCapture are wrapped as vela images without
// copying, a short pipeline runs on them (BGR8 -> U8 gray -> 5x5 Gaussian -> half size by area, as a
// detector's input), and the result, shown to OpenCV as a Mat header over vela's memory, is written
// to a video file or shown in a window.
//
//   opencv_interop [INPUT] [-o OUT.avi] [--show] [--frames N] [--synthetic CLIP.avi] [--verify]
//
//   INPUT        a video file or a camera index (0, 1, ...); default: opencv-doc's vtest.avi
//   -o OUT.avi   where to write the result (MJPG); default: opencv_interop.avi
//   --show       show the result in a window instead of writing it (q or Esc to stop)
//   --frames N   stop after N frames
//   --synthetic  first write a short synthetic clip with cv::VideoWriter, then read it as INPUT
//   --verify     check every result against the same pipeline in OpenCV (cvtColor, GaussianBlur,
//                resize INTER_AREA), which vela reproduces bit for bit (exit status 1 if it differs)
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>
#if VELA_SAMPLE_HAVE_HIGHGUI
#include <opencv2/highgui.hpp>
#endif

#include <vela/vela.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

const char *const default_input = "/usr/share/doc/opencv-doc/examples/data/vtest.avi";

struct Options {
    std::string input = default_input, output = "opencv_interop.avi", synthetic;
    bool show = false, verify = false;
    long frames = -1;
};

int usage(const char *argv0)
{
    std::fprintf(stderr, "usage: %s [INPUT] [-o OUT.avi] [--show] [--frames N] [--synthetic CLIP.avi] [--verify]\n", argv0);
    return 2;
}

// A clip of moving shapes over a gradient, written with cv::VideoWriter, so the sample (and its
// smoke test) runs anywhere.
bool write_synthetic_clip(const std::string &path, int frames)
{
    const cv::Size size(160, 120);
    cv::VideoWriter writer(path, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 25, size, true);
    if (!writer.isOpened()) return false;
    for (int i = 0; i < frames; i++) {
        cv::Mat frame(size, CV_8UC3);
        for (int y = 0; y < size.height; y++)
            for (int x = 0; x < size.width; x++)
                frame.at<cv::Vec3b>(y, x) = cv::Vec3b((uchar)(x + 4 * i), (uchar)(y * 2), (uchar)(255 - x));
        cv::circle(frame, cv::Point(20 + 10 * i, 60), 18, cv::Scalar(30, 220, 250), cv::FILLED);
        cv::rectangle(frame, cv::Rect(100, 10 + 8 * i, 30, 20), cv::Scalar(200, 40, 40), cv::FILLED);
        writer.write(frame);
    }
    return true;
}

bool open_input(cv::VideoCapture &cap, const std::string &input)
{
    const bool camera = !input.empty() && input.find_first_not_of("0123456789") == std::string::npos;
    return camera ? cap.open(std::atoi(input.c_str())) : cap.open(input);
}

// The images of the pipeline, remade when the frame size changes (a camera may switch modes).
struct Pipeline {
    vela::Image frame, gray, smooth, out;
    vela_gaussian_filter_params blur;  // 5x5, sigma from the size, REFLECT_101: GaussianBlur's defaults
    vela_rescale_params shrink;

    Pipeline()
    {
        vela_gaussian_filter_params_default(&blur);
        vela_rescale_params_default(&shrink);
        shrink.interp = VELA_INTERP_AREA;
    }

    void run(vela::Stream &stream, const cv::Mat &bgr)
    {
        if (!frame || frame.width() != bgr.cols || frame.height() != bgr.rows) {
            frame.wrap(bgr);  // BGR8 from CV_8UC3, no copy
            gray.create(bgr.cols, bgr.rows, VELA_FORMAT_U8);
            smooth.create(bgr.cols, bgr.rows, VELA_FORMAT_U8);
            out.create(bgr.cols / 2, bgr.rows / 2, VELA_FORMAT_U8);
        } else {
            frame.set(bgr);  // the next frame into the same wrapper
        }
        vela::check(vela_submit_convert_format(stream, VELA_BACKEND_AUTO, frame, gray, nullptr));
        vela::check(vela_submit_gaussian_filter(stream, VELA_BACKEND_AUTO, gray, smooth, &blur));
        vela::check(vela_submit_rescale(stream, VELA_BACKEND_AUTO, smooth, out, &shrink));
        stream.sync();
    }
};

int run(const Options &opt)
{
    std::string input = opt.input;
    if (!opt.synthetic.empty()) {
        if (!write_synthetic_clip(opt.synthetic, opt.frames > 0 ? (int)opt.frames : 10)) {
            std::fprintf(stderr, "cannot write %s with cv::VideoWriter\n", opt.synthetic.c_str());
            return 1;
        }
        input = opt.synthetic;
    }
    cv::VideoCapture cap;
    if (!open_input(cap, input)) {
        std::fprintf(stderr, "cannot open %s%s\n", input.c_str(),
                     input == default_input ? " (apt-get install opencv-doc, or name a file or camera)" : "");
        return 1;
    }
#if !VELA_SAMPLE_HAVE_HIGHGUI
    if (opt.show) {
        std::fprintf(stderr, "--show needs OpenCV's highgui, which this build lacks\n");
        return 1;
    }
#endif

    vela::Stream stream(0);  // 0: every backend available here
    Pipeline pipeline;
    cv::VideoWriter writer;
    cv::Mat bgr;
    long n = 0;
    double vela_ms = 0, worst = 0;
    while ((opt.frames < 0 || n < opt.frames) && cap.read(bgr)) {
        const auto t0 = std::chrono::steady_clock::now();
        pipeline.run(stream, bgr);
        vela_ms += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();

        vela::Lock result(pipeline.out, VELA_LOCK_READ);
        cv::Mat gray;
        result.mat(gray);  // a header over vela's pixels, valid while `result` lives
        if (opt.verify) {
            cv::Mat g, b, expected;
            cv::cvtColor(bgr, g, cv::COLOR_BGR2GRAY);
            cv::GaussianBlur(g, b, cv::Size(5, 5), 0);
            cv::resize(b, expected, gray.size(), 0, 0, cv::INTER_AREA);
            worst = std::max(worst, cv::norm(gray, expected, cv::NORM_INF));
        }
        if (opt.show) {
#if VELA_SAMPLE_HAVE_HIGHGUI
            cv::imshow("vela", gray);
            const int key = cv::waitKey(1);
            if (key == 'q' || key == 27) break;
#endif
        } else {
            if (!writer.isOpened()) {
                const double fps = cap.get(cv::CAP_PROP_FPS);
                if (!writer.open(opt.output, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), fps > 0 ? fps : 25, gray.size(), false)) {
                    std::fprintf(stderr, "cannot write %s\n", opt.output.c_str());
                    return 1;
                }
            }
            writer.write(gray);
        }
        n++;
    }
    std::printf("processed %ld frames from %s: %.3f ms per frame in vela%s%s\n", n, input.c_str(), n ? vela_ms / n : 0.0,
                opt.show ? "" : ", written to ", opt.show ? "" : opt.output.c_str());
    if (opt.verify) {
        std::printf("largest difference from OpenCV: %g\n", worst);
        if (worst > 0 || n == 0) return 1;
    }
    return 0;
}

}  // namespace

int main(int argc, char **argv)
{
    Options opt;
    bool have_input = false;
    for (int i = 1; i < argc; i++) {
        const std::string a = argv[i];
        if (a == "-o" && i + 1 < argc) opt.output = argv[++i];
        else if (a == "--show") opt.show = true;
        else if (a == "--verify") opt.verify = true;
        else if (a == "--frames" && i + 1 < argc) opt.frames = std::atol(argv[++i]);
        else if (a == "--synthetic" && i + 1 < argc) opt.synthetic = argv[++i];
        else if (a[0] != '-' && !have_input) opt.input = a, have_input = true;
        else return usage(argv[0]);
    }
    try {
        return run(opt);
    } catch (const vela::Error &e) {
        std::fprintf(stderr, "vela: %s\n", e.what());
        return 1;
    }
}
