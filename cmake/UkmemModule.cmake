# UkmemModule.cmake - ukmem_add_module(): build a ukmem module (a shared
# object `ukmem run` loads) the way kbuild builds a .ko.
#
#   ukmem_add_module(allocmm allocmm/allocmm.c)
#
# creates the target <name>: a MODULE library whose file is
# ${CMAKE_CURRENT_BINARY_DIR}/<name>.so (no "lib" prefix: the loader and
# %pS's "[name]" both name a module after its file), compiled with
# -DMODULE -DKBUILD_MODNAME="<name>" like kbuild, against ukmem's public
# headers, and linked to the shared libukmem (a module must use the same
# copy of the library as the program that loads it).  Undefined symbols are
# an error at link time, so a misspelt kernel function fails the build and
# not the load.

include_guard(GLOBAL)

function(ukmem_add_module name)
	if(NOT ARGN)
		message(FATAL_ERROR "ukmem_add_module(${name}): no sources")
	endif()
	add_library(${name} MODULE ${ARGN})
	set_target_properties(${name} PROPERTIES
		PREFIX ""
		SUFFIX ".so"
		LIBRARY_OUTPUT_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}"
		C_VISIBILITY_PRESET default)
	target_compile_definitions(${name} PRIVATE MODULE "KBUILD_MODNAME=\"${name}\"")
	target_include_directories(${name} PRIVATE "${PROJECT_SOURCE_DIR}/include")
	target_link_libraries(${name} PRIVATE ukmem)
	if(NOT UKMEM_SANITIZE)
		target_link_options(${name} PRIVATE "LINKER:--no-undefined")
	endif()
endfunction()
