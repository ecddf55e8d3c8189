using SealServe.Core.Errors;

namespace SealServe.Models.Management;

/// <summary>What model status reports for one version.</summary>
public sealed record ModelVersionStatus(long Version, ServableState State, ServingStatus Status);
