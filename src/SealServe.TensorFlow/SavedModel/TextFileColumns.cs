namespace SealServe.TensorFlow.SavedModel;

/// <summary>Where a text-file table's keys and values come from: the attributes of <c>InitializeTableFromTextFileV2</c>.</summary>
internal sealed record TextFileColumns(long KeyIndex, long ValueIndex, long VocabSize, byte[] Delimiter, long Offset);
