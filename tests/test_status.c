#include "harness.h"

#include <pthread.h>
#include <string.h>

START_TEST(test_status_names)
{
    static const struct { vela_status s; const char *name; } cases[] = {
        { VELA_OK, "VELA_OK" },
        { VELA_ERROR_INVALID_ARGUMENT, "VELA_ERROR_INVALID_ARGUMENT" },
        { VELA_ERROR_INVALID_IMAGE_FORMAT, "VELA_ERROR_INVALID_IMAGE_FORMAT" },
        { VELA_ERROR_NOT_IMPLEMENTED, "VELA_ERROR_NOT_IMPLEMENTED" },
        { VELA_ERROR_OUT_OF_MEMORY, "VELA_ERROR_OUT_OF_MEMORY" },
        { VELA_ERROR_BACKEND_UNAVAILABLE, "VELA_ERROR_BACKEND_UNAVAILABLE" },
        { VELA_ERROR_INTERNAL, "VELA_ERROR_INTERNAL" },
        { VELA_ERROR_INVALID_OPERATION, "VELA_ERROR_INVALID_OPERATION" },
        { VELA_ERROR_BACKEND_FAILURE, "VELA_ERROR_BACKEND_FAILURE" },
        { VELA_ERROR_NOT_READY, "VELA_ERROR_NOT_READY" },
        { VELA_ERROR_PARSE, "VELA_ERROR_PARSE" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        ck_assert_str_eq(vela_status_name(cases[i].s), cases[i].name);
    ck_assert_str_eq(vela_status_name((vela_status)12345), "VELA_STATUS_UNKNOWN");
}
END_TEST

START_TEST(test_message_names_argument_and_value)
{
    vela_image *img;
    VT_FAILS(vela_image_create(-3, 5, VELA_FORMAT_U8, VELA_BACKEND_CPU, &img), VELA_ERROR_INVALID_ARGUMENT, "-3x5");
    VT_FAILS(vela_image_create(4, 4, (vela_format)999, VELA_BACKEND_CPU, &img), VELA_ERROR_INVALID_IMAGE_FORMAT, "999");
}
END_TEST

static void *other_thread(void *arg)
{
    (void)arg;
    vela_image *img;
    vela_image_create(0, 1, VELA_FORMAT_U8, VELA_BACKEND_CPU, &img);
    return NULL;
}

START_TEST(test_message_is_thread_local)
{
    vela_image *img;
    VT_FAILS(vela_image_create(7, 0, VELA_FORMAT_U8, VELA_BACKEND_CPU, &img), VELA_ERROR_INVALID_ARGUMENT, "7x0");
    pthread_t t;
    pthread_create(&t, NULL, other_thread, NULL);
    pthread_join(t, NULL);
    ck_assert_ptr_nonnull(strstr(vela_last_error_message(), "7x0"));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("status");
    TCase *tc = tcase_create("status");
    tcase_add_test(tc, test_status_names);
    tcase_add_test(tc, test_message_names_argument_and_value);
    tcase_add_test(tc, test_message_is_thread_local);
    suite_add_tcase(s, tc);
    return vt_run(s);
}
