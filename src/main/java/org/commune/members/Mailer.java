package org.commune.members;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;

/**
 * Sends plain-text mail in the recipient's language. Sending happens off the request thread, so that
 * how long a reset request takes says nothing about whether the address belongs to a member. Logs
 * never contain addresses or links.
 */
@Component
class Mailer {

  private static final Logger log = LoggerFactory.getLogger(Mailer.class);

  private final ObjectProvider<JavaMailSender> sender;
  private final MessageSource messages;
  private final String from;

  Mailer(ObjectProvider<JavaMailSender> sender, MessageSource messages, @Value("${commune.mail.from}") String from) {
    this.sender = sender;
    this.messages = messages;
    this.from = from;
  }

  boolean configured() {
    return sender.getIfAvailable() != null;
  }

  @Async
  public void send(String to, String language, String subjectKey, String bodyKey, Object... args) {
    JavaMailSender mail = sender.getIfAvailable();
    if (mail == null) {
      return;
    }
    Locale locale = Locale.forLanguageTag(language);
    SimpleMailMessage message = new SimpleMailMessage();
    message.setFrom(from);
    message.setTo(to);
    message.setSubject(messages.getMessage(subjectKey, args, locale));
    message.setText(messages.getMessage(bodyKey, args, locale));
    try {
      mail.send(message);
    } catch (MailException e) {
      log.warn("Sending a {} message failed: {}", subjectKey, e.getClass().getSimpleName());
    }
  }
}
