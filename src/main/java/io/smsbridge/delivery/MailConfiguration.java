package io.smsbridge.delivery;

import org.apache.camel.component.mail.MailComponent;
import org.apache.camel.spi.ComponentCustomizer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** SMTP credentials for camel-mail, only when configured (the sandbox's SMTP server takes mail without login). */
@Configuration(proxyBeanMethods = false)
public class MailConfiguration {

    @Bean
    public ComponentCustomizer smtpCredentials(@Value("${smsbridge.mail.username:}") String username,
                                               @Value("${smsbridge.mail.password:}") String password) {
        return ComponentCustomizer.forType(MailComponent.class, mail -> {
            if (!username.isBlank()) {
                mail.getConfiguration().setUsername(username);
                mail.getConfiguration().setPassword(password);
            }
        });
    }
}
