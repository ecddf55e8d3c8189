namespace SealServe.Models.Batching;

/// <summary>Requests of one shape that will run together; guarded by the scheduler's lock while queued.</summary>
internal sealed class Batch(long openedAt)
{
    public List<BatchTask> Tasks { get; } = [];

    /// <summary>Rows of all its requests.</summary>
    public int Size { get; private set; }

    public long OpenedAt { get; } = openedAt;

    /// <summary>A request of its shape did not fit: it takes no more and may run now.</summary>
    public bool Closed { get; set; }

    public BatchSnapshot Snapshot => new(Size, OpenedAt, Closed);

    public void Add(BatchTask task)
    {
        Tasks.Add(task);
        task.Batch = this;
        Size += task.Rows;
    }

    public void Remove(BatchTask task)
    {
        if (Tasks.Remove(task))
        {
            Size -= task.Rows;
            task.Batch = null;
        }
    }
}
