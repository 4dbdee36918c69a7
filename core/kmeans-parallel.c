/* kmeans-parallel.c — runs blocks of work through the caller's hook. */

#include "kmeans-private.h"

typedef struct
{
  KmBlockFunc func;
  void       *data;
} KmBlockCall;

static void
run_block_range (size_t offset,
                 size_t count,
                 void  *data)
{
  const KmBlockCall *call = data;

  for (size_t block = offset; block < offset + count; block++)
    call->func (block, call->data);
}

void
km_parallel_blocks (const KmSettings *settings,
                    size_t            n_blocks,
                    KmBlockFunc       func,
                    void             *data)
{
  KmBlockCall call = { func, data };

  if (settings->parallel && n_blocks > 1)
    settings->parallel (n_blocks, run_block_range, &call,
                        settings->parallel_data);
  else
    run_block_range (0, n_blocks, &call);
}
