/* embedded.S - data files shipped inside the binary (paths relative to the
 * repository root, where make runs). Each blob is NUL-terminated. */
	.section .rodata
	.global os_data_holidays_json
	.global os_data_holidays_json_end
	.balign 16
os_data_holidays_json:
	.incbin "data/cn-holidays.json"
os_data_holidays_json_end:
	.byte 0
	.section .note.GNU-stack,"",@progbits
