# hsd_add_plugin(<id> SOURCES ...): builds the plugin library libhsd_<id>.so the way the
# engine expects it: C++20, only the entry symbol exported, no undefined symbols.
function(hsd_add_plugin id)
  cmake_parse_arguments(ARG "" "" "SOURCES" ${ARGN})
  add_library(hsd_${id} MODULE ${ARG_SOURCES})
  target_link_libraries(hsd_${id} PRIVATE hsd::sdk)
  target_compile_features(hsd_${id} PRIVATE cxx_std_20)
  set_target_properties(hsd_${id} PROPERTIES
    OUTPUT_NAME hsd_${id}
    CXX_VISIBILITY_PRESET hidden
    C_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  target_link_options(hsd_${id} PRIVATE -Wl,--no-undefined -Wl,--exclude-libs,ALL)
endfunction()
