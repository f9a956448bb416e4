# Refuses an include that goes up the stage order (cmake -P, run by every build).
#
#   cmake -DSOURCE_DIR=<repo> [-DSTAMP=<file>] -P cmake/check_layers.cmake
#
# The stages, lowest first, are the directories of src/ and include/kamscore/ (core is
# src/core with the headers directly in include/kamscore/; cli is src/cli and src/main.cpp).
# A file of a stage may include
#   - public headers of its own stage or of a stage below it: "kamscore/<stage>/x.hpp",
#     "kamscore/x.hpp" for core;
#   - private headers of its own stage only: "<stage>/x.hpp" from src/<stage>/;
#   - in a unit test (*_test.cpp, *test_support*.hpp, test_frame.hpp), also the shared
#     fixtures of tests/support/, which may run the whole pipeline.
# docs/architecture.md explains the order; the CMake targets link in the same direction.

cmake_minimum_required(VERSION 3.20)

set(stages core io table expr rules score classify lint output explain init run cli)

if(NOT SOURCE_DIR)
  message(FATAL_ERROR "check_layers: pass -DSOURCE_DIR=<repository>")
endif()

file(GLOB support_headers RELATIVE ${SOURCE_DIR}/tests/support ${SOURCE_DIR}/tests/support/*.hpp)

function(stage_of_include include_path out_stage out_private)
  set(${out_private} FALSE PARENT_SCOPE)
  if(include_path MATCHES "^kamscore/([a-z_]+)/")
    set(${out_stage} ${CMAKE_MATCH_1} PARENT_SCOPE)
  elseif(include_path MATCHES "^kamscore/[a-z_]+\\.hpp$")
    set(${out_stage} core PARENT_SCOPE)
  elseif(include_path MATCHES "^([a-z_]+)/")
    list(FIND stages ${CMAKE_MATCH_1} index)
    if(index GREATER_EQUAL 0)
      set(${out_stage} ${CMAKE_MATCH_1} PARENT_SCOPE)
      set(${out_private} TRUE PARENT_SCOPE)
    else()
      set(${out_stage} "" PARENT_SCOPE)
    endif()
  else()
    set(${out_stage} "" PARENT_SCOPE)
  endif()
endfunction()

set(violations "")
set(checked 0)
foreach(stage IN LISTS stages)
  list(FIND stages ${stage} stage_index)
  if(stage STREQUAL "core")
    file(GLOB files ${SOURCE_DIR}/src/core/*.cpp ${SOURCE_DIR}/src/core/*.hpp ${SOURCE_DIR}/include/kamscore/*.hpp)
  elseif(stage STREQUAL "cli")
    file(GLOB_RECURSE files ${SOURCE_DIR}/src/cli/*.cpp ${SOURCE_DIR}/src/cli/*.hpp)
    list(APPEND files ${SOURCE_DIR}/src/main.cpp)
  else()
    file(GLOB_RECURSE files ${SOURCE_DIR}/src/${stage}/*.cpp ${SOURCE_DIR}/src/${stage}/*.hpp
                            ${SOURCE_DIR}/include/kamscore/${stage}/*.hpp)
  endif()
  foreach(file IN LISTS files)
    math(EXPR checked "${checked} + 1")
    get_filename_component(name ${file} NAME)
    set(is_test FALSE)
    if(name MATCHES "_test\\.cpp$|test_support|^test_frame\\.hpp$")
      set(is_test TRUE)
    endif()
    file(STRINGS ${file} lines REGEX "^[ \t]*#[ \t]*include[ \t]*[\"<]")
    foreach(line IN LISTS lines)
      if(NOT line MATCHES "#[ \t]*include[ \t]*[\"<]([^\">]+)[\">]")
        continue()
      endif()
      set(included ${CMAKE_MATCH_1})
      if(is_test AND included IN_LIST support_headers)
        continue()
      endif()
      stage_of_include(${included} to_stage private)
      if(to_stage STREQUAL "")
        continue()   # the standard library or a third-party library
      endif()
      list(FIND stages ${to_stage} to_index)
      file(RELATIVE_PATH shown ${SOURCE_DIR} ${file})
      if(to_index GREATER stage_index)
        string(APPEND violations "  ${shown} (${stage}) includes ${included} (${to_stage}, a higher stage)\n")
      elseif(private AND NOT to_stage STREQUAL stage)
        string(APPEND violations "  ${shown} (${stage}) includes ${included}, a private header of ${to_stage}: make it public under include/kamscore/${to_stage}/ or keep it in its stage\n")
      endif()
    endforeach()
  endforeach()
endforeach()

if(violations)
  list(JOIN stages " -> " order)
  message(FATAL_ERROR "includes against the stage order (${order}):\n${violations}"
                      "A stage may include only its own headers and the public headers of stages below it (docs/architecture.md).")
endif()
if(STAMP)
  file(WRITE ${STAMP} "${checked} files checked\n")
endif()
