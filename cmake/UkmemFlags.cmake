# UkmemFlags.cmake - compiler flags shared by every ukmem target.
#
# Included once from the top-level CMakeLists.txt, before any target is
# defined, so that the library, the CLI, the tests, the benchmarks and the
# example modules are all compiled the same way.
#
#   UKMEM_WERROR    -Werror on top of -Wall -Wextra.  On by default except in
#                   Release and MinSizeRel builds: developers and CI get a hard
#                   failure, a user building a release with a newer compiler
#                   than ours does not.
#   UKMEM_SANITIZE  comma-separated -fsanitize= list (address,undefined ...),
#                   applied to compiling and linking everything, with
#                   -fno-sanitize-recover=all so that the first report fails
#                   the test that triggered it.

include_guard(GLOBAL)

if(CMAKE_BUILD_TYPE MATCHES "^(Release|MinSizeRel)$")
	set(_ukmem_werror_default OFF)
else()
	set(_ukmem_werror_default ON)
endif()
option(UKMEM_WERROR "Treat compiler warnings as errors" ${_ukmem_werror_default})

set(UKMEM_SANITIZE "" CACHE STRING
	"Comma-separated sanitizers to build with, e.g. address,undefined")

add_compile_options(-Wall -Wextra)
if(UKMEM_WERROR)
	add_compile_options(-Werror)
endif()

# Call traces walk frame pointers; %pS/%ps read .symtab, so every function of
# libukmem and of each module must stay visible and unstripped.
add_compile_options(-fno-omit-frame-pointer -fvisibility=default)
# Every caller keeps its frame (no sibling calls), and gcc does not split
# unlikely code into "func.cold" parts: traces name functions as the
# kernel's do (alloc_pages_noprof, then __alloc_pages_noprof+off).
add_compile_options(-fno-optimize-sibling-calls)
if(CMAKE_C_COMPILER_ID STREQUAL "GNU")
	add_compile_options(-fno-reorder-blocks-and-partition)
endif()

# The allocator core reinterprets struct page and free objects the way the
# kernel does; the kernel builds with -fno-strict-aliasing for that reason.
add_compile_options(-fno-strict-aliasing)

# __FILE__ reads as the kernel prints it: "mm/page_alloc.c" for the library,
# "include/linux/mm.h", "tests/test_x.c" for the rest.  The more specific map
# comes last: gcc applies the last matching map, clang the longest prefix, so
# this order gives the same answer with both.
add_compile_options(
	"-fmacro-prefix-map=${PROJECT_SOURCE_DIR}/="
	"-fmacro-prefix-map=${PROJECT_SOURCE_DIR}/src/=")

if(UKMEM_SANITIZE)
	add_compile_options(-fsanitize=${UKMEM_SANITIZE} -fno-sanitize-recover=all)
	add_link_options(-fsanitize=${UKMEM_SANITIZE})
endif()
