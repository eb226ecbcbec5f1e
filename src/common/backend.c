#include <vela/backend.h>

#include "common/gpu.h"

int vela_backend_available(vela_backend backend)
{
    switch (backend) {
    case VELA_BACKEND_CPU: return 1;
    case VELA_BACKEND_CUDA: return vl_gpu_present();
    case VELA_BACKEND_AUTO: return 1;
    }
    return 0;
}

const char *vela_backend_name(vela_backend backend)
{
    switch (backend) {
    case VELA_BACKEND_CPU: return "CPU";
    case VELA_BACKEND_CUDA: return "CUDA";
    case VELA_BACKEND_AUTO: return "AUTO";
    }
    return "?";
}
