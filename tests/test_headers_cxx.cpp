// The public headers compile as C++ and link from C++ (extern "C"); the bridge's header and the
// C++ layer compile without OpenCV's headers (declarations only: nothing here links the bridge).
#include <vela/opencv.h>
#include <vela/vela.h>
#include <vela/vela.hpp>

#include <cstdio>
#include <cstring>

int main()
{
    vela_image *img = nullptr;
    vela_status st = vela_image_create(0, 0, VELA_FORMAT_U8, VELA_BACKEND_CPU, &img);
    if (st != VELA_ERROR_INVALID_ARGUMENT || img != nullptr) return 1;
    if (std::strcmp(vela_status_name(st), "VELA_ERROR_INVALID_ARGUMENT") != 0) return 1;
    vela_convert_format_params p;
    vela_convert_format_params_default(&p);
    std::printf("%s\n", vela_last_error_message());
    return p.scale == 1.0f ? 0 : 1;
}
