extern "C" {
#include "common/rescale.h"
}
extern "C" vela_status vl_rescale_cuda(const vl_rescale_plan *, const vela_image_data *, const vela_image_data *, void *) { return VELA_ERROR_NOT_IMPLEMENTED; }
