/* abi.h must compile as plain C99 with every warning on: plugins may be written in C. */
#include <hsd/abi.h>

typedef char hsd_check_status_width[sizeof(hsd_status) == 4 ? 1 : -1];

const hsd_plugin_api* hsd_abi_c99_probe(void);
const hsd_plugin_api* hsd_abi_c99_probe(void) {
  static hsd_plugin_api api;
  hsd_check_status_width check;
  (void)check;
  api.magic = HSD_ABI_MAGIC;
  api.struct_size = (uint32_t)sizeof(api);
  return HSD_HAS_FIELD(&api, hsd_plugin_api, storage) ? &api : NULL;
}
