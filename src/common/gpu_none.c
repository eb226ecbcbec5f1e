/* The CUDA glue when vela is built without CUDA: nothing is present. */
#include "common/gpu.h"
#include "common/scheduler.h"
#include "common/status.h"

static vela_status unavailable(void)
{
    return vl_fail(VELA_ERROR_BACKEND_UNAVAILABLE, "vela was built without CUDA");
}

bool vl_gpu_present(void) { return false; }
bool vl_gpu_mapped(void) { return false; }
vela_status vl_gpu_alloc(void **d, size_t n) { (void)d; (void)n; return unavailable(); }
void vl_gpu_free(void *d) { (void)d; }
vela_status vl_gpu_alloc_host(void **h, size_t n, bool m) { (void)h; (void)n; (void)m; return unavailable(); }
void vl_gpu_free_host(void *h) { (void)h; }
vela_status vl_gpu_mapped_pointer(void *h, void **d) { (void)h; (void)d; return unavailable(); }
vela_status vl_gpu_copy_2d(void *d, size_t dp, const void *s, size_t sp, size_t w, size_t r, void *st)
{
    (void)d; (void)dp; (void)s; (void)sp; (void)w; (void)r; (void)st;
    return unavailable();
}
vela_status vl_gpu_stream_create(void **s) { (void)s; return unavailable(); }
void vl_gpu_stream_destroy(void *s) { (void)s; }
vela_status vl_gpu_stream_sync(void *s) { (void)s; return unavailable(); }
vela_status vl_gpu_event_create(void **e) { (void)e; return unavailable(); }
void vl_gpu_event_destroy(void *e) { (void)e; }
vela_status vl_gpu_event_record(void *e, void *s) { (void)e; (void)s; return unavailable(); }
vela_status vl_gpu_stream_wait_event(void *s, void *e) { (void)s; (void)e; return unavailable(); }
vela_status vl_gpu_event_sync(void *e) { (void)e; return unavailable(); }
vela_status vl_gpu_event_query(void *e) { (void)e; return unavailable(); }
vela_status vl_gpu_calibrate(vela_cuda_profile *c) { c->present = 0; return VELA_OK; }
vela_status vl_gpu_event_elapsed_ms(void *a, void *b, float *ms) { (void)a; (void)b; (void)ms; return unavailable(); }
vela_status vl_gpu_check_launch(const char *w) { (void)w; return unavailable(); }
