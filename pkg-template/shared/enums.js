// Enum constants whose values are the wire strings (contract section 3), written once:
// scripts/build-package.sh copies this file to web/enums.js and derives node/enums.cjs.
// Keep it to `export const` lines and no imports.

/** How a bulk update treats failing actions. */
export const SequenceBulkUpdateAbortMode = Object.freeze({
  NONE: "None",
  ABORT_ON_ANY_FAILED: "AbortOnAnyFailed",
});

/** The result of one bulk-update action. */
export const SequenceBulkUpdateResult = Object.freeze({
  OK: "Ok",
  FAILED: "Failed",
  FAILED_LINK_ASSET_ALREADY_PROCESSED: "FailedLinkAssetAlreadyProcessed",
  FAILED_LINK_ASSET_NOT_FOUND: "FailedLinkAssetNotFound",
  FAILED_LINK_WOULD_OVERWRITE_EXISTING_ITEM: "FailedLinkWouldOverwriteExistingItem",
  FAILED_LINK_SEQUENCE_WOULD_EXCEED_MAXIMUM_ITEM_COUNT: "FailedLinkSequenceWouldExceedMaximumItemCount",
  FAILED_PATCH_SEQUENCE_SEQUENCE_NOT_FOUND: "FailedPatchSequenceSequenceNotFound",
  FAILED_PATCH_SEQUENCE_ATTRIBUTE_SIZE_WOULD_EXCEED_LIMIT: "FailedPatchSequenceAttributeSizeWouldExceedLimit",
  FAILED_PATCH_SEQUENCE_RENAME_WOULD_DUPLICATE: "FailedPatchSequenceRenameWouldDuplicate",
  FAILED_PATCH_SEQUENCE_SEQUENCE_ALREADY_PROCESSED: "FailedPatchSequenceSequenceAlreadyProcessed",
  FAILED_REMOVE_SEQUENCE_SEQUENCE_NOT_FOUND: "FailedRemoveSequenceSequenceNotFound",
  FAILED_REMOVE_SEQUENCE_SEQUENCE_ALREADY_PROCESSED: "FailedRemoveSequenceSequenceAlreadyProcessed",
});

/** What a Link action does when the slot it targets is held by another asset. */
export const SequenceMergeMode = Object.freeze({
  REPLACE_EXISTING_ENTRY: "ReplaceExistingEntry",
  REJECT_SEQUENCE_OPERATION: "RejectSequenceOperation",
});

/** The `kind` tag of a bulk-update action. */
export const SequenceBulkUpdateActionKind = Object.freeze({
  LINK: "Link",
  PATCH_SEQUENCE: "PatchSequence",
  REMOVE_SEQUENCE: "RemoveSequence",
});
