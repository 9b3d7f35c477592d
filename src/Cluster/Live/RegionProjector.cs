using System.Text.Json;
using Convergence.Cluster.CouchDb;
using Convergence.Domain.Envelope;
using Convergence.Domain.Projection;
using Convergence.Domain.Stores;

namespace Convergence.Cluster.Live;

/// <summary>
/// A region's projector: follows its own database's changes (<see cref="ChangesFeedFollower"/>), decodes each document
/// with the <see cref="EventCodec"/> (documents that are no event are skipped and counted by kind), folds events into
/// the region's <see cref="ReadModel"/> and reports each apply. It checkpoints every
/// <see cref="LiveClusterOptions.CheckpointEvery"/> documents; a crash loses the in-memory model and a restart resumes
/// from the checkpoint, so the changes after it are applied again (law L2 is exercised for real). Over a durable
/// store (<see cref="IDurableRegionStore"/>: SQLite) the store keeps the checkpoint itself, as a real projector's
/// database does: a crash loses the uncommitted batch and a restart resumes from the store's own checkpoint.
/// </summary>
internal sealed class RegionProjector : IAsyncDisposable
{
    private readonly LiveRegion _region;
    private readonly LiveRunContext _context;
    private readonly string _checkpointPath;
    private ChangesFeedFollower? _follower;
    private ProjectorCheckpoint _checkpoint;
    private ReadModel _model;
    private readonly IDurableRegionStore? _durable;
    private HashSet<string> _processed = new(StringComparer.Ordinal);
    private ChangeSequence _sequence = ChangeSequence.Start;
    private int _sinceCheckpoint;
    private long _deliveries;
    private ReadModel? _published;
    private long _publishedAt = -1;
    private long _publishedAtUs;

    /// <summary>How often clients' view of the model may be refreshed (one copy of the model each time).</summary>
    private const long PublishEveryUs = 200_000;
    private string _digest = "";
    private long _digestAt = -1;

    public RegionProjector(LiveRegion region, LiveRunContext context, ReadModel model, string checkpointDirectory)
    {
        _region = region;
        _context = context;
        _model = model;
        _checkpointPath = Path.Combine(checkpointDirectory, region.Id.Value + ".seq");
        _durable = model.Store as IDurableRegionStore;
        _checkpoint = new ProjectorCheckpoint(ChangeSequence.Start, _durable is null ? model.Clone() : null, new HashSet<string>(StringComparer.Ordinal), 0);
        if (_durable is null) ProjectorCheckpoint.Persist(_checkpointPath, ChangeSequence.Start);
        else _durable.BeginBatch();
    }

    /// <summary>True between a crash and its restart.</summary>
    public bool IsDown { get; private set; }

    /// <summary>Why the follower stopped for good (a deleted database, a handler that threw), or null.</summary>
    public Exception? Failure => HandlerFailure ?? _follower?.Failure;

    /// <summary>The exception a handler threw while folding an event (law L4), which stops this projector.</summary>
    public Exception? HandlerFailure { get; private set; }

    public void Start() => Follow(ChangeSequence.Start);

    /// <summary>The crash: the follower stops, the in-memory model and position go back to the last checkpoint.</summary>
    public async Task CrashAsync()
    {
        if (IsDown) return;
        await StopFollowerAsync().ConfigureAwait(false);
        lock (_region.Gate)
        {
            _context.Count("projector.redeliveries", _processed.Count - _checkpoint.Processed.Count);
            // Killed mid-batch: a durable store loses its uncommitted work; an in-memory model goes back to the snapshot.
            if (_durable is not null) _durable.AbandonBatch();
            else _model = _checkpoint.Model!.Clone();
            _processed = new HashSet<string>(_checkpoint.Processed, StringComparer.Ordinal);
            _sequence = _checkpoint.Sequence;
            _sinceCheckpoint = 0;
            IsDown = true;
        }
        _context.Count("projector.crashes");
    }

    /// <summary>The restart: resumes from the sequence persisted with the last checkpoint.</summary>
    public void Restart()
    {
        if (!IsDown) return;
        ChangeSequence since;
        if (_durable is not null)
        {
            since = _durable.StoredCheckpoint() is { } stored ? ChangeSequence.FromRawJson(stored) : ChangeSequence.Start;
            _durable.BeginBatch();
        }
        else
        {
            since = ProjectorCheckpoint.Load(_checkpointPath);
        }
        lock (_region.Gate) IsDown = false;
        Follow(since);
    }

    /// <summary>
    /// A copy of the model for clients to read, made again only when something was applied since the last one and at
    /// most every <see cref="PublishEveryUs"/>: at tens of events per second every client action would otherwise copy
    /// the whole model, a cost that grows with the run. A client reads a view at most that much older, well under the
    /// replication lag it already sees.
    /// </summary>
    public ReadModel PublishedState()
    {
        var nowUs = _context.NowUs();
        lock (_region.Gate)
        {
            if (_published is null || (_publishedAt != _deliveries && nowUs - _publishedAtUs >= PublishEveryUs))
            {
                _published = _model.Clone();
                _publishedAt = _deliveries;
                _publishedAtUs = nowUs;
                _context.Count("projector.publications");
            }
            return _published;
        }
    }

    public string Digest()
    {
        lock (_region.Gate)
        {
            if (_digestAt != _deliveries)
            {
                _digest = _model.Digest();
                _digestAt = _deliveries;
            }
            return _digest;
        }
    }

    /// <summary>Distinct log documents processed (events and skipped ones), deliveries (repeats included), the view, the state and the identity conflicts.</summary>
    public (long Position, long Deliveries, Domain.Views.ReadModelView View, Domain.Views.ReadModelView State,
        IReadOnlyList<Domain.Projection.IdentityConflict> IdentityConflicts) Snapshot()
    {
        lock (_region.Gate) return (_processed.Count, _deliveries, _model.ToView(), _model.ToState(), _model.IdentityConflicts.ToArray());
    }

    /// <summary>True when every id in <paramref name="logIds"/> has been processed and the projector runs.</summary>
    public bool HasProcessedAll(IReadOnlyCollection<string> logIds, out int behind)
    {
        lock (_region.Gate)
        {
            behind = 0;
            foreach (var id in logIds) if (!_processed.Contains(id)) behind++;
            return behind == 0 && !IsDown;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopFollowerAsync().ConfigureAwait(false);
        if (_durable is null) return;
        // A clean stop commits what was applied, so the region's database file holds the whole read model.
        lock (_region.Gate)
        {
            if (!IsDown) _durable.CommitBatch(_sequence.RawJson);
            _model.Store.Dispose();
        }
    }

    private void Follow(ChangeSequence since)
    {
        var options = _context.Options;
        _follower = ChangesFeedFollower.Start(_region.Database, since, options.Heartbeat, options.ReadTimeout, _context.Time, OnRow, options.FeedPause);
    }

    private async Task StopFollowerAsync()
    {
        if (_follower is { } follower)
        {
            _follower = null;
            _context.Count("projector.feed-reconnects", follower.Reconnects);
            await follower.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void OnRow(ChangeRow row)
    {
        if (row.Deleted || row.Document is not { } document)
        {
            // Events are never deleted; a deletion is someone else's document going away.
            _context.Count("projector.skipped.Deleted");
            return;
        }

        var decoded = _context.Codec.Decode(document);
        var nowUs = _context.NowUs();
        var index = -1;
        lock (_region.Gate)
        {
            if (IsDown) return;
            if (decoded.IsEvent)
            {
                var envelope = decoded.Envelope;
                try
                {
                    _model.Apply(envelope);
                }
                catch (Exception exception)
                {
                    // A handler threw on this delivery order: the projector stops here and the engine reports it (L4).
                    HandlerFailure = exception;
                    throw;
                }

                _deliveries++;
                if (envelope.Origin != _region.Id) _region.Clock.Observe(envelope.Timestamp, _context.Time.GetUtcNow().ToUnixTimeMilliseconds());
                index = _context.Read(r => r.IndexOf(envelope.Id));
                if (index >= 0) _context.Record(r => r.RecordApply(_region.Index, index, nowUs));
            }
            _processed.Add(row.Id);
            _sequence = row.Sequence;
            if (++_sinceCheckpoint >= _context.Options.CheckpointEvery) Checkpoint(nowUs);
        }

        if (!decoded.IsEvent) _context.Count("projector.skipped." + decoded.Error.Kind);
        else if (index < 0) _context.Count("projector.unrecorded-events");
    }

    /// <summary>Called under the region's gate: the sequence goes to disk, the model and ids into memory, at one instant.</summary>
    private void Checkpoint(long nowUs)
    {
        if (_durable is not null)
        {
            _durable.CommitBatch(_sequence.RawJson);
            _durable.BeginBatch();
        }
        else
        {
            ProjectorCheckpoint.Persist(_checkpointPath, _sequence);
        }
        _checkpoint = new ProjectorCheckpoint(_sequence, _durable is null ? _model.Clone() : null, new HashSet<string>(_processed, StringComparer.Ordinal), nowUs);
        _sinceCheckpoint = 0;
        _context.Count("projector.checkpoints");
    }
}
