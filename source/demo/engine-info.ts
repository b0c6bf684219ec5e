// Who the simulated engine says it is: GET /version and GET /info, shaped
// field for field like a real manager's answers (test/fixtures/lab).

import type {EngineTlsInfo} from './engine-types.js';
import type {Random} from './random.js';

export const ENGINE_VERSION = '27.5.1';
export const API_VERSION = '1.47';
export const MIN_API_VERSION = '1.24';
const GO_VERSION = 'go1.22.11';
const GIT_COMMIT = '4c9b3b0';
const KERNEL = '6.8.0-51-generic';
const BUILD_TIME = '2025-01-22T13:41:17.000000000+00:00';

export const NODE_PLUGINS = [
  ...['awslogs', 'fluentd', 'gcplogs', 'gelf', 'journald', 'json-file', 'local', 'splunk', 'syslog'].map(name => ({Type: 'Log', Name: name})),
  ...['bridge', 'host', 'ipvlan', 'macvlan', 'null', 'overlay'].map(name => ({Type: 'Network', Name: name})),
  {Type: 'Volume', Name: 'local'},
];

export function engineVersion(): Record<string, unknown> {
  return {
    Platform: {Name: 'Docker Engine - Community'},
    Components: [
      {
        Name: 'Engine',
        Version: ENGINE_VERSION,
        Details: {
          ApiVersion: API_VERSION,
          Arch: 'amd64',
          BuildTime: BUILD_TIME,
          Experimental: 'false',
          GitCommit: GIT_COMMIT,
          GoVersion: GO_VERSION,
          KernelVersion: KERNEL,
          MinAPIVersion: MIN_API_VERSION,
          Os: 'linux',
        },
      },
      {Name: 'containerd', Version: '1.7.25', Details: {GitCommit: 'bcc810d6b9066471b0b6fa75f557a15a1cbf31bb'}},
      {Name: 'runc', Version: '1.2.4', Details: {GitCommit: 'v1.2.4-0-g6c52b3f'}},
      {Name: 'docker-init', Version: '0.19.0', Details: {GitCommit: 'de40ad0'}},
    ],
    Version: ENGINE_VERSION,
    ApiVersion: API_VERSION,
    MinAPIVersion: MIN_API_VERSION,
    GitCommit: GIT_COMMIT,
    GoVersion: GO_VERSION,
    Os: 'linux',
    Arch: 'amd64',
    KernelVersion: KERNEL,
    BuildTime: BUILD_TIME,
  };
}

/** The swarm's root CA as nodes report it. Made of random bytes in the right DER framing: nothing verifies it. */
export function clusterTls(random: Random): EngineTlsInfo {
  const certificate = random
    .base64(366)
    .match(/.{1,64}/g)!
    .join('\n');
  // DER of the issuer name CN=swarm-ca, which every swarm's CA uses.
  const subject = Buffer.concat([Buffer.from([0x30, 0x13, 0x31, 0x11, 0x30, 0x0f, 0x06, 0x03, 0x55, 0x04, 0x03, 0x13, 0x08]), Buffer.from('swarm-ca')]);
  // SubjectPublicKeyInfo header for an uncompressed P-256 key, then the key.
  const keyHeader = Buffer.from('3059301306072a8648ce3d020106082a8648ce3d03010703420004', 'hex');
  const key = Buffer.from(random.base64(64), 'base64');
  return {
    TrustRoot: `-----BEGIN CERTIFICATE-----\n${certificate}\n-----END CERTIFICATE-----\n`,
    CertIssuerSubject: subject.toString('base64'),
    CertIssuerPublicKey: Buffer.concat([keyHeader, key]).toString('base64'),
  };
}

export interface InfoInputs {
  engineId: string;
  hostname: string;
  nodeId: string;
  nodeAddr: string;
  managers: Array<{NodeID: string; Addr: string}>;
  nodeCount: number;
  containers: {running: number; stopped: number};
  cpus: number;
  memoryBytes: number;
  cluster: Record<string, unknown>;
  now: string;
}

export function engineInfo(inputs: InfoInputs): Record<string, unknown> {
  const {containers} = inputs;
  return {
    ID: inputs.engineId,
    Containers: containers.running + containers.stopped,
    ContainersRunning: containers.running,
    ContainersPaused: 0,
    ContainersStopped: containers.stopped,
    Images: 14,
    Driver: 'overlay2',
    DriverStatus: [
      ['Backing Filesystem', 'extfs'],
      ['Supports d_type', 'true'],
      ['Using metacopy', 'false'],
      ['Native Overlay Diff', 'true'],
      ['userxattr', 'false'],
    ],
    Plugins: {
      Volume: ['local'],
      Network: ['bridge', 'host', 'ipvlan', 'macvlan', 'null', 'overlay'],
      Authorization: null,
      Log: ['awslogs', 'fluentd', 'gcplogs', 'gelf', 'journald', 'json-file', 'local', 'splunk', 'syslog'],
    },
    MemoryLimit: true,
    SwapLimit: true,
    // Gone from newer engines' answers but still in 20.10's; kept so both shapes are covered.
    KernelMemory: false,
    KernelMemoryTCP: true,
    CpuCfsPeriod: true,
    CpuCfsQuota: true,
    CPUShares: true,
    CPUSet: true,
    PidsLimit: true,
    IPv4Forwarding: true,
    BridgeNfIptables: true,
    BridgeNfIp6tables: true,
    Debug: false,
    NFd: 58 + containers.running * 4,
    OomKillDisable: false,
    NGoroutines: 170 + containers.running * 9,
    SystemTime: inputs.now,
    LoggingDriver: 'json-file',
    CgroupDriver: 'systemd',
    CgroupVersion: '2',
    NEventsListener: 1,
    KernelVersion: KERNEL,
    OperatingSystem: 'Ubuntu 24.04.1 LTS',
    OSVersion: '24.04',
    OSType: 'linux',
    Architecture: 'x86_64',
    IndexServerAddress: 'https://index.docker.io/v1/',
    RegistryConfig: {
      AllowNondistributableArtifactsCIDRs: [],
      AllowNondistributableArtifactsHostnames: [],
      InsecureRegistryCIDRs: ['::1/128', '127.0.0.0/8'],
      IndexConfigs: {'docker.io': {Name: 'docker.io', Mirrors: [], Secure: true, Official: true}},
      Mirrors: [],
    },
    NCPU: inputs.cpus,
    MemTotal: inputs.memoryBytes,
    GenericResources: null,
    DockerRootDir: '/var/lib/docker',
    HttpProxy: '',
    HttpsProxy: '',
    NoProxy: '',
    Name: inputs.hostname,
    Labels: [],
    ExperimentalBuild: false,
    ServerVersion: ENGINE_VERSION,
    Runtimes: {
      'io.containerd.runc.v2': {path: 'runc', status: {'org.opencontainers.runtime-spec.features': '{}'}},
      runc: {path: 'runc', status: {'org.opencontainers.runtime-spec.features': '{}'}},
    },
    DefaultRuntime: 'runc',
    Swarm: {
      NodeID: inputs.nodeId,
      NodeAddr: inputs.nodeAddr,
      LocalNodeState: 'active',
      ControlAvailable: true,
      Error: '',
      RemoteManagers: inputs.managers,
      Nodes: inputs.nodeCount,
      Managers: inputs.managers.length,
      Cluster: inputs.cluster,
    },
    LiveRestoreEnabled: false,
    Isolation: '',
    InitBinary: 'docker-init',
    ContainerdCommit: {ID: 'bcc810d6b9066471b0b6fa75f557a15a1cbf31bb', Expected: 'bcc810d6b9066471b0b6fa75f557a15a1cbf31bb'},
    RuncCommit: {ID: 'v1.2.4-0-g6c52b3f', Expected: 'v1.2.4-0-g6c52b3f'},
    InitCommit: {ID: 'de40ad0', Expected: 'de40ad0'},
    SecurityOptions: ['name=apparmor', 'name=seccomp,profile=builtin', 'name=cgroupns'],
    CDISpecDirs: ['/etc/cdi', '/var/run/cdi'],
    Containerd: {Address: '/run/containerd/containerd.sock', Namespaces: {Containers: 'moby', Plugins: 'plugins.moby'}},
    Warnings: null,
  };
}
