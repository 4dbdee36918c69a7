#include <glib.h>
#include "kmeans.h"
static void t (void) { g_assert_nonnull (km_settings_new ()); }
int main (int argc, char **argv) { g_test_init (&argc, &argv, NULL); g_test_add_func ("/core/x", t); return g_test_run (); }
