/* vela: computer vision for embedded robotics, one API per algorithm on CPU (NEON) and CUDA. */
#ifndef VELA_VELA_H
#define VELA_VELA_H

#include <vela/backend.h>
#include <vela/convert_format.h>
#include <vela/event.h>
#include <vela/filter.h>
#include <vela/geometry.h>
#include <vela/image.h>
#include <vela/payload.h>
#include <vela/pyramid.h>
#include <vela/rescale.h>
#include <vela/remap.h>
#include <vela/sampling.h>
#include <vela/status.h>
#include <vela/stream.h>
#include <vela/warp.h>
#include <vela/warp_map.h>

#endif
