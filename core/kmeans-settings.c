/* kmeans-settings.c — the settings object and its validation. */

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kmeans-private.h"

KmSettings *
km_settings_new (void)
{
  KmSettings *settings = calloc (1, sizeof (KmSettings));

  if (! settings)
    return NULL;

  settings->n_clusters     = 8;
  settings->max_iterations = 100;
  settings->tolerance      = 1e-4;
  settings->restarts       = 1;

  return settings;
}

void
km_settings_free (KmSettings *settings)
{
  free (settings);
}

KmStatus
km_settings_set_n_clusters (KmSettings *settings,
                            int         n_clusters)
{
  if (! settings || n_clusters < 1 || n_clusters > KM_MAX_CLUSTERS)
    return KM_STATUS_INVALID_ARGUMENT;

  settings->n_clusters = n_clusters;
  return KM_STATUS_OK;
}

KmStatus
km_settings_set_max_iterations (KmSettings *settings,
                                int         max_iterations)
{
  if (! settings || max_iterations < 1 || max_iterations > KM_MAX_ITERATIONS)
    return KM_STATUS_INVALID_ARGUMENT;

  settings->max_iterations = max_iterations;
  return KM_STATUS_OK;
}

KmStatus
km_settings_set_tolerance (KmSettings *settings,
                           double      tolerance)
{
  if (! settings || ! isfinite (tolerance) || tolerance < 0.0)
    return KM_STATUS_INVALID_ARGUMENT;

  settings->tolerance = tolerance;
  return KM_STATUS_OK;
}

void
km_settings_set_seed (KmSettings *settings,
                      uint64_t    seed)
{
  if (settings)
    settings->seed = seed;
}

KmStatus
km_settings_set_restarts (KmSettings *settings,
                          int         restarts)
{
  if (! settings || restarts < 1 || restarts > KM_MAX_RESTARTS)
    return KM_STATUS_INVALID_ARGUMENT;

  settings->restarts = restarts;
  return KM_STATUS_OK;
}

KmStatus
km_settings_set_error_target (KmSettings *settings,
                              double      error_target)
{
  if (! settings || ! isfinite (error_target) || error_target < 0.0)
    return KM_STATUS_INVALID_ARGUMENT;

  settings->error_target = error_target;
  return KM_STATUS_OK;
}

void
km_settings_set_error_curve_only (KmSettings *settings,
                                  int         curve_only)
{
  if (settings)
    settings->error_curve_only = curve_only != 0;
}

void
km_settings_set_parallel (KmSettings    *settings,
                          KmParallelHook hook,
                          void          *hook_data)
{
  if (! settings)
    return;

  settings->parallel      = hook;
  settings->parallel_data = hook_data;
}

void
km_settings_set_progress (KmSettings    *settings,
                          KmProgressFunc progress,
                          void          *progress_data)
{
  if (! settings)
    return;

  settings->progress      = progress;
  settings->progress_data = progress_data;
}

void
km_settings_set_cancel (KmSettings  *settings,
                        KmCancelFunc cancelled,
                        void        *cancel_data)
{
  if (! settings)
    return;

  settings->cancelled   = cancelled;
  settings->cancel_data = cancel_data;
}

KmStatus
km_settings_set_initial_centres (KmSettings    *settings,
                                 const float   *centres,
                                 int            n_centres,
                                 int            n_dims,
                                 const uint8_t *fixed)
{
  if (! settings || n_centres < 0 || n_centres > KM_MAX_CLUSTERS ||
      (n_centres > 0 && (! centres || n_dims < 1 || n_dims > KM_MAX_DIMS)))
    return KM_STATUS_INVALID_ARGUMENT;

  for (int i = 0; i < n_centres * n_dims; i++)
    if (! isfinite (centres[i]) || fabsf (centres[i]) > KM_MAX_ABS_FEATURE)
      return KM_STATUS_INVALID_ARGUMENT;

  memset (settings->fixed, 0, sizeof settings->fixed);
  settings->n_initial    = n_centres;
  settings->initial_dims = n_centres > 0 ? n_dims : 0;
  if (n_centres > 0)
    memcpy (settings->initial, centres, n_centres * n_dims * sizeof (float));
  for (int c = 0; c < n_centres && fixed; c++)
    settings->fixed[c] = fixed[c] != 0;
  return KM_STATUS_OK;
}

int
km_settings_all_fixed (const KmSettings *settings)
{
  if (settings->n_initial < settings->n_clusters)
    return 0;
  for (int c = 0; c < settings->n_clusters; c++)
    if (! settings->fixed[c])
      return 0;
  return 1;
}
