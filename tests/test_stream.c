#include "harness.h"

#include "common/status.h"
#include "common/stream.h"

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static atomic_int counter;

static vela_status count_task(const vl_task_ctx *ctx)
{
    (void)ctx;
    atomic_fetch_add(&counter, 1);
    return VELA_OK;
}

static vela_status failing_task(const vl_task_ctx *ctx)
{
    (void)ctx;
    return vl_fail(VELA_ERROR_BACKEND_FAILURE, "planted failure %d", 17);
}

typedef struct slow_args { int *cell; int value; int sleep_ms; } slow_args;

static vela_status slow_write_task(const vl_task_ctx *ctx)
{
    const slow_args *a = ctx->args;
    usleep((useconds_t)a->sleep_ms * 1000);
    *a->cell = a->value;
    return VELA_OK;
}

static vela_status read_cell_task(const vl_task_ctx *ctx)
{
    const slow_args *a = ctx->args;
    atomic_store(&counter, *a->cell);
    return VELA_OK;
}

START_TEST(test_stream_life_cycle)
{
    vela_stream *s;
    VT_OK(vela_stream_create(VELA_BACKEND_CPU, &s));
    VT_OK(vela_stream_sync(s));
    atomic_store(&counter, 0);
    for (int i = 0; i < 1000; i++) VT_OK(vl_enqueue(s, VELA_BACKEND_CPU, count_task, NULL, NULL, 0, NULL));
    VT_OK(vela_stream_sync(s));
    ck_assert_int_eq(atomic_load(&counter), 1000);
    for (int i = 0; i < 100; i++) VT_OK(vl_enqueue(s, VELA_BACKEND_CPU, count_task, NULL, NULL, 0, NULL));
    vela_stream_destroy(s);  /* waits for its work */
    ck_assert_int_eq(atomic_load(&counter), 1100);
    vela_stream_destroy(NULL);
    ck_assert_int_gt(vela_num_threads(), 0);
}
END_TEST

START_TEST(test_stream_bad_input)
{
    vela_stream *s = (vela_stream *)&s;
    VT_FAILS(vela_stream_create(0, NULL), VELA_ERROR_INVALID_ARGUMENT, "stream");
    VT_FAILS(vela_stream_create(0x40, &s), VELA_ERROR_INVALID_ARGUMENT, "0x40");
    ck_assert_ptr_null(s);
    if (!vela_backend_available(VELA_BACKEND_CUDA))
        VT_FAILS(vela_stream_create(VELA_BACKEND_CUDA, &s), VELA_ERROR_BACKEND_UNAVAILABLE, "CUDA");
    VT_FAILS(vela_stream_sync(NULL), VELA_ERROR_INVALID_ARGUMENT, "stream");
    void *cs;
    VT_FAILS(vela_stream_get_cuda_stream(NULL, &cs), VELA_ERROR_INVALID_ARGUMENT, "stream");
    VT_OK(vela_stream_create(VELA_BACKEND_CPU, &s));
    VT_FAILS(vela_stream_get_cuda_stream(s, NULL), VELA_ERROR_INVALID_ARGUMENT, "cuda_stream");
    VT_FAILS(vela_stream_get_cuda_stream(s, &cs), VELA_ERROR_BACKEND_UNAVAILABLE, "no CUDA");
    VT_FAILS(vela_stream_set_parallel_for(NULL, NULL, NULL, 0), VELA_ERROR_INVALID_ARGUMENT, "stream");
    VT_FAILS(vela_stream_set_parallel_for(s, (vela_parallel_for)1, NULL, 0), VELA_ERROR_INVALID_ARGUMENT, "max_threads 0");
    vela_stream_destroy(s);
}
END_TEST

START_TEST(test_execution_error_is_sticky_until_sync)
{
    vela_stream *s;
    VT_OK(vela_stream_create(VELA_BACKEND_CPU, &s));
    atomic_store(&counter, 0);
    VT_OK(vl_enqueue(s, VELA_BACKEND_CPU, count_task, NULL, NULL, 0, NULL));
    VT_OK(vl_enqueue(s, VELA_BACKEND_CPU, failing_task, NULL, NULL, 0, NULL));
    VT_OK(vl_enqueue(s, VELA_BACKEND_CPU, count_task, NULL, NULL, 0, NULL));  /* skipped */
    vl_fail(VELA_ERROR_INTERNAL, "an unrelated message");
    VT_FAILS(vela_stream_sync(s), VELA_ERROR_BACKEND_FAILURE, "planted failure 17");
    ck_assert_int_eq(atomic_load(&counter), 1);
    VT_OK(vela_stream_sync(s));  /* cleared */
    VT_OK(vl_enqueue(s, VELA_BACKEND_CPU, count_task, NULL, NULL, 0, NULL));
    VT_OK(vela_stream_sync(s));
    ck_assert_int_eq(atomic_load(&counter), 2);
    vela_stream_destroy(s);
}
END_TEST

static atomic_int hook_calls;

static void my_parallel_for(int32_t count, vela_parallel_task task, void *task_ctx, void *user)
{
    ck_assert_ptr_eq(user, &hook_calls);
    atomic_fetch_add(&hook_calls, 1);
    for (int32_t i = count - 1; i >= 0; i--) task(task_ctx, i);  /* any order must do */
}

START_TEST(test_user_parallel_for)
{
    vela_stream *s;
    vela_image *src, *dst, *ref;
    VT_OK(vela_stream_create(VELA_BACKEND_CPU, &s));
    VT_OK(vela_image_create(1280, 720, VELA_FORMAT_RGB8, VELA_BACKEND_CPU, &src));
    VT_OK(vela_image_create(1280, 720, VELA_FORMAT_U8, VELA_BACKEND_CPU, &dst));
    VT_OK(vela_image_create(1280, 720, VELA_FORMAT_U8, VELA_BACKEND_CPU, &ref));
    vt_fill_image(src);
    VT_OK(vela_submit_convert_format(s, VELA_BACKEND_CPU, src, ref, NULL));
    VT_OK(vela_stream_set_parallel_for(s, my_parallel_for, &hook_calls, 8));
    VT_OK(vela_submit_convert_format(s, VELA_BACKEND_CPU, src, dst, NULL));
    VT_OK(vela_stream_sync(s));
    ck_assert_int_eq(atomic_load(&hook_calls), 1);
    ck_assert_uint_eq(vt_diff_images(dst, ref), 0);
    VT_OK(vela_stream_set_parallel_for(s, NULL, NULL, 0));
    VT_OK(vela_submit_convert_format(s, VELA_BACKEND_CPU, src, dst, NULL));
    VT_OK(vela_stream_sync(s));
    ck_assert_int_eq(atomic_load(&hook_calls), 1);
    vela_image_destroy(src);
    vela_image_destroy(dst);
    vela_image_destroy(ref);
    vela_stream_destroy(s);
}
END_TEST

START_TEST(test_events_order_two_streams)
{
    vela_stream *a, *b;
    vela_event *e, *start, *end;
    VT_OK(vela_stream_create(VELA_BACKEND_CPU, &a));
    VT_OK(vela_stream_create(VELA_BACKEND_CPU, &b));
    VT_OK(vela_event_create(&e));
    VT_OK(vela_event_create(&start));
    VT_OK(vela_event_create(&end));
    VT_OK(vela_event_sync(e));                 /* never recorded: done */
    VT_OK(vela_stream_wait_event(b, e));       /* never recorded: nothing to wait for */
    int cell = 0;
    slow_args w = { &cell, 42, 100 };
    VT_OK(vela_event_record(start, a));
    VT_OK(vl_enqueue(a, VELA_BACKEND_CPU, slow_write_task, NULL, &w, sizeof w, NULL));
    VT_OK(vela_event_record(e, a));
    VT_OK(vela_event_record(end, a));
    ck_assert_int_eq(vela_event_query(e), VELA_ERROR_NOT_READY);
    VT_OK(vela_stream_wait_event(b, e));
    atomic_store(&counter, -1);
    VT_OK(vl_enqueue(b, VELA_BACKEND_CPU, read_cell_task, NULL, &w, sizeof w, NULL));
    VT_OK(vela_stream_sync(b));
    ck_assert_int_eq(atomic_load(&counter), 42);  /* b waited for a's write */
    VT_OK(vela_event_sync(e));
    VT_OK(vela_event_query(e));
    float ms;
    VT_OK(vela_event_elapsed_ms(start, end, &ms));
    ck_assert_msg(ms >= 90.0f && ms < 5000.0f, "elapsed %f ms around a 100 ms task", (double)ms);
    vela_event_destroy(e);  /* the stream may still hold it: reference counted */
    vela_stream_destroy(a);
    vela_stream_destroy(b);
    vela_event_destroy(start);
    vela_event_destroy(end);
    vela_event_destroy(NULL);
}
END_TEST

START_TEST(test_event_bad_input)
{
    vela_event *e, *f;
    vela_stream *s;
    float ms;
    VT_FAILS(vela_event_create(NULL), VELA_ERROR_INVALID_ARGUMENT, "event");
    VT_OK(vela_event_create(&e));
    VT_OK(vela_event_create(&f));
    VT_OK(vela_stream_create(VELA_BACKEND_CPU, &s));
    VT_FAILS(vela_event_record(NULL, s), VELA_ERROR_INVALID_ARGUMENT, "event");
    VT_FAILS(vela_event_record(e, NULL), VELA_ERROR_INVALID_ARGUMENT, "stream");
    VT_FAILS(vela_stream_wait_event(NULL, e), VELA_ERROR_INVALID_ARGUMENT, "stream");
    VT_FAILS(vela_stream_wait_event(s, NULL), VELA_ERROR_INVALID_ARGUMENT, "event");
    VT_FAILS(vela_event_sync(NULL), VELA_ERROR_INVALID_ARGUMENT, "event");
    VT_FAILS(vela_event_query(NULL), VELA_ERROR_INVALID_ARGUMENT, "event");
    VT_FAILS(vela_event_elapsed_ms(e, f, &ms), VELA_ERROR_INVALID_OPERATION, "never recorded");
    VT_FAILS(vela_event_elapsed_ms(NULL, f, &ms), VELA_ERROR_INVALID_ARGUMENT, "start");
    VT_FAILS(vela_event_elapsed_ms(e, NULL, &ms), VELA_ERROR_INVALID_ARGUMENT, "end");
    VT_OK(vela_event_record(e, s));
    VT_OK(vela_event_record(f, s));
    VT_FAILS(vela_event_elapsed_ms(e, f, NULL), VELA_ERROR_INVALID_ARGUMENT, "ms");
    VT_OK(vela_event_elapsed_ms(e, f, &ms));
    ck_assert(ms >= 0.0f);
    vela_event_destroy(e);
    vela_event_destroy(f);
    vela_stream_destroy(s);
}
END_TEST

START_TEST(test_lock_and_destroy_wait_for_pending_work)
{
    vela_stream *s;
    vela_image *src, *dst;
    VT_OK(vela_stream_create(VELA_BACKEND_CPU, &s));
    VT_OK(vela_image_create(640, 480, VELA_FORMAT_U8, VELA_BACKEND_CPU, &src));
    VT_OK(vela_image_create(640, 480, VELA_FORMAT_RGBA8, VELA_BACKEND_CPU, &dst));
    vela_image_data d;
    VT_OK(vela_image_lock(src, VELA_LOCK_WRITE, VELA_BUFFER_HOST, &d));
    memset(d.planes[0].data, 77, (size_t)d.planes[0].pitch * 480);
    VT_OK(vela_image_unlock(src));
    int cell = 0;
    slow_args w = { &cell, 1, 50 };
    VT_OK(vl_enqueue(s, VELA_BACKEND_CPU, slow_write_task, NULL, &w, sizeof w, NULL));
    VT_OK(vela_submit_convert_format(s, VELA_BACKEND_CPU, src, dst, NULL));
    VT_OK(vela_image_lock(dst, VELA_LOCK_READ, VELA_BUFFER_HOST, &d));  /* no sync: the lock waits */
    const uint8_t *last = (const uint8_t *)d.planes[0].data + (size_t)479 * d.planes[0].pitch + 639 * 4;
    ck_assert_int_eq(last[0], 77);
    ck_assert_int_eq(last[3], 255);
    /* A locked image cannot be submitted. */
    VT_FAILS(vela_submit_convert_format(s, VELA_BACKEND_CPU, src, dst, NULL), VELA_ERROR_INVALID_OPERATION, "dst is locked");
    VT_OK(vela_image_unlock(dst));
    VT_OK(vela_submit_convert_format(s, VELA_BACKEND_CPU, src, dst, NULL));
    vela_image_destroy(dst);  /* waits for the conversion writing it */
    vela_image_destroy(src);
    VT_OK(vela_stream_sync(s));
    vela_stream_destroy(s);
}
END_TEST

START_TEST(test_many_submissions_fill_the_queue)
{
    /* More submissions than the queue holds, chained through two images, stay in order. */
    vela_stream *s;
    vela_image *a, *b;
    VT_OK(vela_stream_create(VELA_BACKEND_CPU, &s));
    VT_OK(vela_image_create(33, 7, VELA_FORMAT_U8, VELA_BACKEND_CPU, &a));
    VT_OK(vela_image_create(33, 7, VELA_FORMAT_U8, VELA_BACKEND_CPU, &b));
    vela_image_data d;
    VT_OK(vela_image_lock(a, VELA_LOCK_WRITE, VELA_BUFFER_HOST, &d));
    for (int y = 0; y < 7; y++) memset((uint8_t *)d.planes[0].data + y * d.planes[0].pitch, 0, 33);
    VT_OK(vela_image_unlock(a));
    vela_convert_format_params p;
    vela_convert_format_params_default(&p);
    p.offset = 1.0f;
    for (int i = 0; i < 100; i++) {
        VT_OK(vela_submit_convert_format(s, VELA_BACKEND_CPU, a, b, &p));
        VT_OK(vela_submit_convert_format(s, VELA_BACKEND_CPU, b, a, &p));
    }
    VT_OK(vela_image_lock(a, VELA_LOCK_READ, VELA_BUFFER_HOST, &d));
    ck_assert_int_eq(((uint8_t *)d.planes[0].data)[6 * d.planes[0].pitch + 32], 200);
    VT_OK(vela_image_unlock(a));
    vela_image_destroy(a);
    vela_image_destroy(b);
    vela_stream_destroy(s);
}
END_TEST

static void *sync_stream(void *stream)
{
    return (void *)(intptr_t)vela_stream_sync(stream);
}

/* The worker wakes waiters only when there are some: several threads syncing at once while it
 * drains a full ring must all return, after all of the work. */
START_TEST(test_concurrent_syncs_all_return)
{
    vela_stream *s;
    VT_OK(vela_stream_create(VELA_BACKEND_CPU, &s));
    atomic_store(&counter, 0);
    int cell = 0;
    slow_args w = { &cell, 1, 20 };
    VT_OK(vl_enqueue(s, VELA_BACKEND_CPU, slow_write_task, NULL, &w, sizeof w, NULL));
    for (int i = 0; i < 500; i++) VT_OK(vl_enqueue(s, VELA_BACKEND_CPU, count_task, NULL, NULL, 0, NULL));
    pthread_t threads[4];
    for (int i = 0; i < 4; i++) ck_assert_int_eq(pthread_create(&threads[i], NULL, sync_stream, s), 0);
    for (int i = 0; i < 4; i++) {
        void *st;
        ck_assert_int_eq(pthread_join(threads[i], &st), 0);
        ck_assert_int_eq((int)(intptr_t)st, VELA_OK);
    }
    ck_assert_int_eq(atomic_load(&counter), 500);
    ck_assert_int_eq(cell, 1);
    vela_stream_destroy(s);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("stream");
    TCase *tc = tcase_create("stream");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_stream_life_cycle);
    tcase_add_test(tc, test_stream_bad_input);
    tcase_add_test(tc, test_execution_error_is_sticky_until_sync);
    tcase_add_test(tc, test_user_parallel_for);
    tcase_add_test(tc, test_events_order_two_streams);
    tcase_add_test(tc, test_event_bad_input);
    tcase_add_test(tc, test_lock_and_destroy_wait_for_pending_work);
    tcase_add_test(tc, test_many_submissions_fill_the_queue);
    tcase_add_test(tc, test_concurrent_syncs_all_return);
    suite_add_tcase(s, tc);
    return vt_run(s);
}
