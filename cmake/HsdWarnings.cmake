# Project code builds with warnings as errors; third-party headers come in as SYSTEM.
function(hsd_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror)
endfunction()

# An in-tree plugin: built like an outside one (sdk/cmake/hsd_plugin.cmake), with the
# project's warnings, into the one folder the engine loads plugins from.
include(${CMAKE_SOURCE_DIR}/sdk/cmake/hsd_plugin.cmake)
function(hsd_in_tree_plugin id)
  hsd_add_plugin(${id} ${ARGN})
  set_target_properties(hsd_${id} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${HSD_PLUGIN_OUTPUT_DIR})
  hsd_warnings(hsd_${id})
endfunction()
