/* regions-settings.c — the region settings object and its validation. */

#include <stdlib.h>

#include "regions-private.h"

KmRegionSettings *
km_region_settings_new (void)
{
  KmRegionSettings *settings = calloc (1, sizeof (KmRegionSettings));

  if (! settings)
    return NULL;

  settings->connectivity = 4;
  return settings;
}

void
km_region_settings_free (KmRegionSettings *settings)
{
  free (settings);
}

KmStatus
km_region_settings_set_min_region (KmRegionSettings *settings,
                                   size_t            min_region)
{
  if (! settings)
    return KM_STATUS_INVALID_ARGUMENT;

  settings->min_region = min_region;
  return KM_STATUS_OK;
}

KmStatus
km_region_settings_set_connectivity (KmRegionSettings *settings,
                                     int               connectivity)
{
  if (! settings || (connectivity != 4 && connectivity != 8))
    return KM_STATUS_INVALID_ARGUMENT;

  settings->connectivity = connectivity;
  return KM_STATUS_OK;
}

KmStatus
km_region_settings_set_smoothing (KmRegionSettings *settings,
                                  int               smoothing)
{
  if (! settings || smoothing < 0 || smoothing > KM_MAX_SMOOTHING)
    return KM_STATUS_INVALID_ARGUMENT;

  settings->smoothing = smoothing;
  return KM_STATUS_OK;
}

void
km_region_settings_set_parallel (KmRegionSettings *settings,
                                 KmParallelHook    hook,
                                 void             *hook_data)
{
  settings->parallel      = hook;
  settings->parallel_data = hook_data;
}
