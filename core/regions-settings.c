/* regions-settings.c — the region settings object, and how region steps
 * run through its parallel hook. */

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

typedef struct
{
  KmBlockFunc func;
  void       *data;
} KmRegionCall;

static void
run_block_range (size_t  offset,
                 size_t  count,
                 void   *data)
{
  const KmRegionCall *call = data;

  for (size_t block = offset; block < offset + count; block++)
    call->func (block, call->data);
}

void
km_regions_parallel (const KmRegionSettings *settings,
                     size_t                  n_blocks,
                     KmBlockFunc             func,
                     void                   *data)
{
  KmRegionCall call = { func, data };

  if (settings->parallel && n_blocks > 1)
    settings->parallel (n_blocks, run_block_range, &call,
                        settings->parallel_data);
  else
    run_block_range (0, n_blocks, &call);
}
