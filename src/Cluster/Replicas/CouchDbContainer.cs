using System.Globalization;
using System.Net;
using System.Text;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;

namespace Convergence.Cluster.Replicas;

/// <summary>Builds an Apache CouchDB 3 container: single node, admin from the options, port 5984 on a random 127.0.0.1 port.</summary>
public static class CouchDbContainer
{
    public const int CouchDbPort = 5984;

    public static IContainer Build(DockerReplicaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var ini = new StringBuilder("[couchdb]\nsingle_node = true\n");
        if (options.ReplicatorIntervalMs is { } interval)
        {
            ini.Append(CultureInfo.InvariantCulture, $"[replicator]\ninterval = {interval}\n");
        }

        return new ContainerBuilder(options.Image)
            .WithEnvironment("COUCHDB_USER", options.Credentials.UserName)
            .WithEnvironment("COUCHDB_PASSWORD", options.Credentials.Password)
            // single_node creates _users and _replicator at start, as the facts sheet describes.
            .WithResourceMapping(Encoding.UTF8.GetBytes(ini.ToString()), "/opt/couchdb/etc/local.d/zz-convergence.ini")
            .WithPortBinding(CouchDbPort, assignRandomHostPort: true)
            // Docker publishes on every interface by default; the harness binds servers to 127.0.0.1 only.
            .WithCreateParameterModifier(parameters =>
            {
                foreach (var binding in parameters.HostConfig?.PortBindings?.Values.SelectMany(list => list) ?? [])
                {
                    binding.HostIP = "127.0.0.1";
                }
            })
            .WithWaitStrategy(Wait.ForUnixContainer().UntilHttpRequestIsSucceeded(request => request
                .ForPort(CouchDbPort)
                .ForPath("/_up")
                .WithBasicAuthentication(options.Credentials.UserName, options.Credentials.Password)
                .ForStatusCode(HttpStatusCode.OK)))
            .Build();
    }
}
