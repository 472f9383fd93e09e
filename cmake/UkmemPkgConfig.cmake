# UkmemPkgConfig.cmake - writes and installs ukmem.pc; runs at install time.
#
# Called from the install(CODE) block of the top-level CMakeLists.txt with
# UKMEM_PC_* set.  Running at install time (rather than configure time) means
# the file names the prefix really installed to, including a prefix given on
# the `cmake --install --prefix` command line.  DESTDIR is handled by
# file(INSTALL) and, as it should, does not appear in the file.

foreach(_var LIBDIR INCLUDEDIR)
	if(IS_ABSOLUTE "${UKMEM_PC_${_var}}")
		set(UKMEM_PC_${_var}_EXPANDED "${UKMEM_PC_${_var}}")
		set(UKMEM_PC_${_var}_ABS "${UKMEM_PC_${_var}}")
	else()
		set(UKMEM_PC_${_var}_EXPANDED "\${prefix}/${UKMEM_PC_${_var}}")
		set(UKMEM_PC_${_var}_ABS "${UKMEM_PC_PREFIX}/${UKMEM_PC_${_var}}")
	endif()
endforeach()

configure_file("${CMAKE_CURRENT_LIST_DIR}/../ukmem.pc.in" "${UKMEM_PC_OUT}" @ONLY)
file(INSTALL "${UKMEM_PC_OUT}" DESTINATION "${UKMEM_PC_LIBDIR_ABS}/pkgconfig")
