package io.smsbridge.db;

import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The application's DataSource gets group commit when it is the embedded H2 file database (see H2GroupCommit). */
@Configuration(proxyBeanMethods = false)
public class DatabaseConfiguration {

    @Bean
    static BeanPostProcessor h2GroupCommit() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof DataSource pool && !(bean instanceof GroupCommitDataSource) ? new GroupCommitDataSource(pool) : bean;
            }
        };
    }
}
