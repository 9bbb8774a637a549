/**
 * Tests of the assembler, mapped to EMQX's test suites ({@code apps/emqx_ft/test/}) as an acceptance checklist. Items
 * that belong to other modules (topic grammar, init validation, segment checksums, QoS, export, REST, GC of exported
 * files) are tested there; {@code protocol} parses, the broker's ingress rejects statelessly, the exporter verifies and
 * writes.
 *
 * <pre>
 * emqx_ft_SUITE (single node)
 *   t_simple_transfer            AssemblerTransferTest.shouldEmitManifestWithPointersInFileOrderWhen...;
 *                                AssemblerIT (real Kafka; bytes read back through the pointers)
 *   t_meta_conflict              AssemblerTransferTest.shouldAnswerFilemetaConflictWhenInitDiffers
 *   t_no_meta                    AssemblerTransferTest.shouldAcceptSegmentsBeforeInit;
 *                                AssemblerFinTest.shouldAnswerIncompleteWhenFinHasNoInit
 *   t_no_segment                 AssemblerFinTest.shouldAnswerIncompleteWithMissingRangesAfterGraceWhen...
 *   t_invalid_checksum           AssemblerFinTest.shouldAnswerChecksumMismatchToLateFinsAndExportAgainWhen...
 *   t_corrupted_segment_retry    broker/protocol (a mismatching segment never reaches ferry.commands)
 *   t_assemble_timeout           n/a: the assembler never blocks; a lost export is bounded by exported
 *                                retention: AssemblerLifecycleTest.shouldExpireExportThatNeverReportsBack...
 *   t_client_disconnect_while... AssemblerFinTest.shouldAnswerLateFinsWhenExportSucceeds (responses go to
 *                                ferry.responses whatever the device's connection state)
 * emqx_ft_SUITE (cluster), emulated by reordering across broker nodes
 *   t_switch_node, t_unreliable_migrating_client
 *                                AssemblerTransferTest.shouldCompleteWhenSegmentsArriveInAnyOrderWith...;
 *                                AssemblerFinTest.shouldAnswerSuccessAtOnceWhenFinArrivesAfterExport,
 *                                shouldCompleteWhenMissingSegmentArrivesWithinGraceAfterFin,
 *                                shouldCompleteWhenInitArrivesWithinGraceAfterFin
 *   t_concurrent_fins            AssemblerFinTest.shouldAnswerLateFinsWhenExportSucceeds (one manifest,
 *                                every fin answered)
 * emqx_ft_request_SUITE
 *   t_upload_via_requests        AssemblerTransferTest.shouldEchoTopicPacketIdAndReplyTargetInEveryResponse
 * emqx_ft_assembler_SUITE
 *   t_assemble_empty_transfer    AssemblerTransferTest.shouldEmitEmptyManifestWhenFinSizeIsZero;
 *                                CoverageTest.shouldCompleteEmptyFileWithoutSegments
 *   t_assemble_complete_local... AssemblerTransferTest.shouldEmitManifestWithPointers...; AssemblerIT
 *   t_assemble_incomplete_...    AssemblerFinTest.shouldAnswerIncompleteWhenFinFindsNoSegments
 *   t_assemble_no_meta           AssemblerFinTest.shouldAnswerIncompleteWhenFinHasNoInit
 * emqx_ft_storage_fs_gc_SUITE
 *   t_gc_incomplete_transfers    AssemblerLifecycleTest.shouldClampSegmentsTtlToMinimum, ...ToMaximum,
 *                                shouldExpireAtMaximumTtlWhenThereIsNoInit, shouldExpireIncomplete...
 *   t_gc_complete_transfers      AssemblerStatusTest.shouldReportExportingAndExportedStates (index dropped
 *                                on export, only the exported summary remains)
 *   t_gc_repeated_transfer       AssemblerFinTest.shouldSucceedWhenExportedFileIdGetsIdenticalInit
 * emqx_ft_assembly eunit
 *   incomplete_new/incomplete    AssemblerFinTest.shouldAnswerIncompleteWhenFinHasNoInit
 *   consistent/inconsistent      n/a: one task owns a transfer, so a second init is a conflict at once
 *   *_coverage_test              CoverageTest (one test per EMQX case, names in comments)
 * prop_emqx_ft_assembly
 *   prop_coverage, prop_coverage_likely_incomplete, prop_coverage_complete
 *                                CoverageProperties
 * </pre>
 */
package io.ferry.assembler;
