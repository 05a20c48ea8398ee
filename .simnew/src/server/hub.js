export const DEFAULT_LIMITS = {
    queryBufferMax: 1024 * 1024 * 1024,
    pubsubHardLimit: 32 * 1024 * 1024,
    pubsubSoftLimit: 8 * 1024 * 1024,
    pubsubSoftSeconds: 60,
    maxClients: 10000,
};
