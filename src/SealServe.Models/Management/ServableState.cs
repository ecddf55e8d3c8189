namespace SealServe.Models.Management;

/// <summary>Life cycle of one model version, numbered as TensorFlow Serving's <c>ModelVersionStatus.State</c>.</summary>
public enum ServableState
{
    /// <summary>Not known to the manager.</summary>
    Unknown = 0,

    /// <summary>Found in storage and aspired; loading has not begun.</summary>
    Start = 10,

    /// <summary>The loader is reading and preparing the model.</summary>
    Loading = 20,

    /// <summary>Serving requests.</summary>
    Available = 30,

    /// <summary>No new requests; waiting for requests in flight before releasing the model.</summary>
    Unloading = 40,

    /// <summary>Released, or failed to load (then the status carries the error).</summary>
    End = 50,
}
