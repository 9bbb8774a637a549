package io.ferry.api;

import io.ferry.storage.FileStore;
import io.ferry.storage.FileStores;
import io.ferry.storage.LocalStore;
import io.ferry.storage.S3ClientFactory;
import io.ferry.storage.S3ClientOptions;
import io.ferry.storage.S3Store;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.services.s3.S3Client;

/** The stores the API reads and deletes through: the local root always, S3 (any bucket) when enabled. */
final class ApiStorage {
    private ApiStorage() {
    }

    static FileStores open(ApiConfig config) {
        List<FileStore> stores = new ArrayList<>();
        List<AutoCloseable> resources = new ArrayList<>();
        stores.add(new LocalStore(config.localRoot()));
        if (config.s3() != null) {
            S3Client client = s3Client(config.s3());
            resources.add(client);
            // The catalog names the bucket; the API has no sink configuration to restrict it.
            stores.add(new S3Store(client, null, ""));
        }
        return new FileStores(stores, resources);
    }

    /** The API's classpath carries two HTTP clients (apache, apache5), so it names one. */
    static S3Client s3Client(ApiConfig.S3Settings settings) {
        return S3ClientFactory.create(settings.connection(),
                S3ClientOptions.withAttemptTimeout(settings.requestTimeout()).withHttpClient(Apache5HttpClient.builder()));
    }
}
