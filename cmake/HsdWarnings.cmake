# Project code builds with warnings as errors; third-party headers come in as SYSTEM.
function(hsd_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror)
  # GCC 12 reports impossible overlaps inside std::string concatenation at -O2 and above
  # (GCC bug 105651, fixed in 13); the warning is noise there, so it is off for GCC 12 only.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${target} PRIVATE $<$<COMPILE_LANGUAGE:CXX>:-Wno-restrict>)
  endif()
endfunction()

# An in-tree plugin: built like an outside one (sdk/cmake/hsd_plugin.cmake), with the
# project's warnings, into the one folder the engine loads plugins from.
include(${CMAKE_SOURCE_DIR}/sdk/cmake/hsd_plugin.cmake)
function(hsd_in_tree_plugin id)
  hsd_add_plugin(${id} ${ARGN})
  set_target_properties(hsd_${id} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${HSD_PLUGIN_OUTPUT_DIR})
  hsd_warnings(hsd_${id})
endfunction()
